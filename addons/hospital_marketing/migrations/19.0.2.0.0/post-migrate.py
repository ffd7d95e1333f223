"""19.0.2.0.0: an upgrade from before 19.0.1.1.0 gives the record rules their 19.0.1.1.0 domains
in that version's post-migrate, after the renaming of the pre-migrate: name the renamed fields
there too (nothing matches when the pre-migrate's replacement was the last word)."""

import importlib.util
import pathlib

from odoo.addons.hospital_marketing.tools.field_rename import replace_field_names


def migrate(cr, version):
    path = pathlib.Path(__file__).with_name("pre-migrate.py")
    spec = importlib.util.spec_from_file_location("hm_pre_migrate_2_0_0", path)
    pre = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pre)
    replace_field_names(cr, {old: new for _model, old, new in pre.RENAMES})
