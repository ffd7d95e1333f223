from odoo import api, fields, models

OUTREACH_KINDS = [
    ("campus_lecture", "Campus Adolescent-Health Lecture"),
    ("rural_exam", "Rural Free Physical Exam"),
    ("clinic_tour", "Free-Clinic Tour"),
    ("community", "Community Event"),
    ("health_day", "Public-Health Day"),
    ("two_cancers", "Rural Women Two-Cancers Screening"),
    ("group_exam", "Company Group Exam"),
    ("onboarding_exam", "Onboarding Exam"),
    ("school_exam", "School-Entry Exam"),
    ("partner_gathering", "Tea Party or Partner Gathering"),
    ("conference", "Conference Marketing"),
]

PLACE_KINDS = [
    ("school", "School"),
    ("village", "Village"),
    ("community", "Community"),
    ("company", "Company"),
    ("hospital", "Hospital"),
    ("other", "Other"),
]


class EventEvent(models.Model):
    """An outreach event of the marketing department (R-E1..R-E4) on top of Odoo's events."""

    _inherit = "event.event"

    outreach_kind = fields.Selection(OUTREACH_KINDS, tracking=True)
    hm_place_kind = fields.Selection(PLACE_KINDS, string="Place Kind")
    hm_target_population = fields.Char(string="Target Population")
    hm_territory_id = fields.Many2one("hospital.marketing.territory", string="Territory")
    # team roles of the event commission split (R-C3)
    hm_contact_employee_id = fields.Many2one("hr.employee", string="Contact Person")
    hm_executor_employee_id = fields.Many2one("hr.employee", string="Executor")
    hm_lecturer_employee_id = fields.Many2one("hr.employee", string="Lecturer")
    # budget and effect (R-E4, R-E5)
    hm_currency_id = fields.Many2one(related="company_id.currency_id", string="Budget Currency")
    hm_budget = fields.Monetary(string="Budget", currency_field="hm_currency_id")
    hm_actual_cost = fields.Monetary(string="Actual Cost", currency_field="hm_currency_id")
    hm_screenings = fields.Integer(string="Screenings Done")
    hm_referral_ids = fields.One2many("hospital.referral", "event_id", string="Patients Referred")
    hm_patient_count = fields.Integer(string="Patients Came", compute="_compute_hm_effect")
    hm_patient_spending = fields.Monetary(
        string="Spending of the Patients",
        compute="_compute_hm_effect",
        currency_field="hm_currency_id",
    )
    hm_roi = fields.Float(
        string="ROI (%)",
        compute="_compute_hm_effect",
        help="(Spending of the patients who came through the event - actual cost) / actual cost.",
    )
    hm_analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Analytic Account",
        help="The commission expense of the patients who came through the event goes to this "
        "analytic account when the analytic distribution of commissions is on.",
    )

    @api.depends_context("uid")
    @api.depends("hm_referral_ids.total_fees", "hm_referral_ids.state", "hm_actual_cost")
    def _compute_hm_effect(self):
        """The patients who came through the event and their spending, as far as the reader may
        see them (R-S3): the cases they read, the fees only for the roles that read fees."""
        Referral = self.env["hospital.referral"]
        readable = Referral.has_access("read")
        with_fees = readable and Referral._has_field_access(Referral._fields["total_fees"], "read")
        counted = ["arrived", "in_treatment", "discharged", "closed"]
        data = {}
        if readable and self.ids:
            aggregates = ["__count", "total_fees:sum"] if with_fees else ["__count"]
            data = {
                event: (count, spending[0] if spending else 0.0)
                for event, count, *spending in Referral._read_group(
                    [("event_id", "in", self.ids), ("state", "in", counted)],
                    ["event_id"],
                    aggregates,
                )
            }
        for event in self:
            count, spending = data.get(event, (0, 0.0))
            event.hm_patient_count = count
            event.hm_patient_spending = spending
            cost = event.hm_actual_cost
            event.hm_roi = (spending - cost) / cost * 100.0 if cost and with_fees else 0.0
