from . import hospital_exam_client_export
