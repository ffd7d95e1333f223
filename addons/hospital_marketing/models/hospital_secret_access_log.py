from odoo import api, fields, models

from .hospital_secret_mixin import SECRET_CLASSES


class HospitalSecretAccessLog(models.Model):
    """Who read or exported which secret record, and when (R-S3). Written by the system only."""

    _name = "hospital.secret.access.log"
    _description = "Secret Record Access Trace"
    _order = "id desc"
    _log_access = True

    res_model = fields.Char(string="Model", required=True, readonly=True, index=True)
    res_model_name = fields.Char(
        string="Document Type",
        compute="_compute_res_model_name",
        help="The model's description in the reader's language (转诊病例, not hospital.referral).",
    )
    res_id = fields.Many2oneReference(string="Record ID", model_field="res_model", readonly=True)
    record_name = fields.Char(string="Record", readonly=True)
    secret_class = fields.Selection(SECRET_CLASSES, readonly=True)
    action = fields.Selection(
        [
            ("read", "Read"),
            ("read_group", "Read in Totals"),
            ("export", "Export"),
            ("copy", "Copy"),
            ("lookup", "Phone Lookup"),
        ],
        required=True,
        readonly=True,
    )
    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", readonly=True)

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends_context("lang")
    @api.depends("res_model")
    def _compute_res_model_name(self):
        IrModel = self.env["ir.model"].sudo()  # model descriptions are not secret
        names = {
            model: IrModel._get(model).name or model for model in set(self.mapped("res_model"))
        }
        for log in self:
            log.res_model_name = names.get(log.res_model, False)

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _log_lookup(self, model, found):
        """Trace a lookup of a patient by phone number on ``model``: one line per case found,
        or one line without a record when nothing was found. The number is never written."""
        if found:
            self._log(found, "lookup")
        else:
            self._write_lines(
                [
                    {
                        "res_model": model,
                        "res_id": False,
                        "record_name": self.env._("(no case found)"),
                        "action": "lookup",
                        "user_id": self.env.uid,
                        "company_id": self.env.company.id,
                    }
                ]
            )

    @api.model
    def _log(self, records, action):
        """Batch-write one trace line per record, in its own cursor so that the trace also
        stays when the reading request runs read-only or is rolled back."""
        vals_list = [
            {
                "res_model": rec._name,
                "res_id": rec.id,
                "record_name": (rec.sudo().display_name or "")[:200],
                "secret_class": rec.sudo().secret_class,
                "action": action,
                "user_id": self.env.uid,
                "company_id": rec.sudo().company_id.id if "company_id" in rec._fields else False,
            }
            for rec in records
        ]
        self._write_lines(vals_list)

    @api.model
    def _write_lines(self, vals_list):
        if not vals_list:
            return
        if self.env.cr.readonly:
            with self.env.registry.cursor() as cr:
                self.with_env(self.env(cr=cr, su=True)).create(vals_list)
        else:
            self.sudo().create(vals_list)
