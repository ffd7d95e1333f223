from odoo import api, fields, models

CONSENT_KINDS = [
    ("contact", "To Be Contacted"),
    ("health", "To Keep Health Data"),
]


class HospitalConsentWording(models.Model):
    """A version of the wording an attendee consents to (PIPL, R-S4): what the person was told,
    for which purpose. A consent records the version it was given on; a new wording is a new
    record, the old one archived, so a recorded consent always points at the text it meant."""

    _name = "hospital.consent.wording"
    _description = "Consent Wording"
    _order = "kind, create_date desc, id desc"
    _rec_names_search = ["version", "purpose"]

    kind = fields.Selection(CONSENT_KINDS, required=True)
    version = fields.Char(required=True)
    purpose = fields.Char(required=True, help="What the data is kept for, as told to the person.")
    body = fields.Text(string="Wording", required=True, help="The text read to the person.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _kind_version_uniq = models.Constraint(
        "UNIQUE(company_id, kind, version)",
        "A consent wording version exists once per kind.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("kind", "version")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for wording in self:
            wording.display_name = f"{labels.get(wording.kind, '')} {wording.version or ''}".strip()

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _current(self, kind, company):
        """The wording in force for ``kind`` in ``company``: the newest active one."""
        return (
            self.sudo()
            .search([("kind", "=", kind), ("company_id", "in", [company.id])], limit=1)
            .with_env(self.env)
        )
