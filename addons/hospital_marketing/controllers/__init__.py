from . import visit_position
