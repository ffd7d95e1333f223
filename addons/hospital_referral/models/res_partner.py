from odoo import api, fields, models
from odoo.exceptions import AccessError

PARTNER_KINDS = [
    ("public_doctor", "Public-Hospital Doctor"),
    ("private_clinic", "Private Clinic"),
    ("outpatient", "Outpatient Department"),
    ("pharmacy", "Pharmacy"),
    ("township_hc", "Township Health Centre"),
    ("village_clinic", "Village Clinic"),
    ("community_hc", "Community Health Centre"),
    ("maternal_child", "Maternal and Child Hospital"),
    ("enterprise_room", "Enterprise Medical Room"),
    ("school", "School"),
    ("community_office", "Community or Street Office"),
    ("merchant_alliance", "Merchant Alliance"),
    ("part_time", "Individual Part-time Promoter"),
]

GRADES = [("a", "A"), ("b", "B"), ("c", "C")]

# who reads a referral partner's marketing profile (R-P2..R-P4, R-S3): the roles with a partner
# rule. The guide desk, finance, treatment leaders and other internal users read the partner's
# name, kind, payee class and bank accounts (finance pays), not its profile.
PROFILE_GROUPS = "hospital_marketing.group_marketing_promoter"
# R-P3, R-P4: the team leader (so the manager and the vice-president) grades a partner, moves
# it through its stages, and assigns its territory and responsible promoter
LEADER_GROUPS = "hospital_marketing.group_marketing_leader"
# R-C10: the kind of a payee decides its payee class: the marketing manager or finance
PAYEE_GROUPS = (
    "hospital_marketing.group_marketing_manager,hospital_marketing.group_marketing_finance"
)
# a promoter registering a new partner may name it a prospect or a partner just visited
NEW_PARTNER_STAGES = (False, "prospect", "first_visit")

STAGES = [
    ("prospect", "Prospect"),
    ("first_visit", "First Visit"),
    ("cooperating", "Cooperating"),
    ("key", "Key Partner"),
    ("dormant", "Dormant"),
    ("replaced", "Replaced"),
]


# Payee class of each referral partner kind (R-C10): doctors are licensed clinicians;
# part-time promoters are non-clinical individuals; schools, street offices and merchant
# alliances are intermediaries; clinics, pharmacies and health centres are institutions.
PAYEE_CLASS_OF_KIND = {
    "public_doctor": "clinician",
    "part_time": "individual",
    "school": "intermediary",
    "community_office": "intermediary",
    "merchant_alliance": "intermediary",
}


class ResPartner(models.Model):
    """Referral partner fields (R-P1..R-P4, R-P6). CONTRACT: names used by the other addons."""

    _inherit = "res.partner"

    referral_partner_kind = fields.Selection(PARTNER_KINDS, tracking=True)
    hm_referral_grade = fields.Selection(
        GRADES, string="Grade", tracking=True, groups=PROFILE_GROUPS, copy=False
    )
    # the form shows grade, stage, territory and promoters read-only to whoever write() would
    # refuse (R-P4; no security, see _hm_workflow_spec)
    hm_can_edit_referral = fields.Boolean(
        string="May Assign and Grade", compute="_compute_hm_can_edit_referral"
    )
    hm_referral_stage = fields.Selection(
        STAGES,
        string="Referral Stage",
        tracking=True,
        group_expand=True,
        groups=PROFILE_GROUPS,
        copy=False,
    )
    hm_referral_territory_id = fields.Many2one(
        "hospital.marketing.territory",
        string="Territory",
        tracking=True,
        groups=PROFILE_GROUPS,
        copy=False,
    )
    hm_referral_promoter_id = fields.Many2one(
        "hr.employee",
        string="Responsible Promoter",
        tracking=True,
        groups=PROFILE_GROUPS,
        copy=False,
    )
    # stored owner and team of the responsible promoter: record rules read them (R-P4, R-S3)
    hm_referral_user_id = fields.Many2one(
        "res.users",
        string="Referral Owner",
        compute="_compute_hm_referral_owner",
        store=True,
        index=True,
    )
    hm_referral_team_id = fields.Many2one(
        "hospital.marketing.team",
        string="Referral Team",
        compute="_compute_hm_referral_owner",
        store=True,
        index=True,
    )
    # a partner with a responsible promoter (its own or its institution's) is not open to
    # every promoter, also when that promoter has no login: it belongs to their team
    hm_referral_assigned = fields.Boolean(
        string="Has a Responsible Promoter",
        compute="_compute_hm_referral_owner",
        store=True,
        index=True,
    )
    hm_referral_co_maintainer_id = fields.Many2one(
        "hr.employee",
        string="Co-maintained By",
        help="A mature partner is co-maintained by the team leader (R-P4).",
        groups=PROFILE_GROUPS,
        copy=False,
    )
    hm_referral_since = fields.Date(string="Cooperating Since", groups=PROFILE_GROUPS, copy=False)
    hm_referral_trial_until = fields.Date(
        string="Trial Until",
        help="A partner that does not fit is replaced after its trial period (R-P3).",
        groups=PROFILE_GROUPS,
        copy=False,
    )
    # profile gathered on visits (R-P2)
    hm_referral_beds = fields.Integer(string="Beds", groups=PROFILE_GROUPS, copy=False)
    hm_referral_inpatients = fields.Integer(string="Inpatients", groups=PROFILE_GROUPS, copy=False)
    hm_referral_experience = fields.Text(
        string="Earlier Referral Experience", groups=PROFILE_GROUPS, copy=False
    )
    hm_referral_cooperation_mode = fields.Selection(
        [
            ("referral", "Patient Referral"),
            ("two_way", "Two-Way Referral"),
            ("expert_visit", "Expert Visits"),
            ("exam", "Physical Exams"),
            ("other", "Other"),
        ],
        string="Cooperation Mode",
        groups=PROFILE_GROUPS,
        copy=False,
    )
    hm_referral_reputation = fields.Text(string="Reputation", groups=PROFILE_GROUPS, copy=False)
    hm_referral_main_diseases = fields.Text(
        string="Main Diseases Seen", groups=PROFILE_GROUPS, copy=False
    )
    hm_referral_monthly_estimate = fields.Integer(
        string="Estimated Referrals per Month", groups=PROFILE_GROUPS, copy=False
    )
    hm_referral_competitor_ids = fields.One2many(
        "hospital.referral.competitor",
        "partner_id",
        string="Competitor Hospitals",
        groups=PROFILE_GROUPS,
        copy=False,
    )
    hm_referral_grade_history_ids = fields.One2many(
        "hospital.referral.grade.history",
        "partner_id",
        string="Grade and Stage History",
        groups=PROFILE_GROUPS,
        copy=False,
    )
    # smart buttons
    hm_referral_case_count = fields.Integer(
        string="Referrals", compute="_compute_hm_referral_counts", groups=PROFILE_GROUPS, copy=False
    )
    hm_referral_visit_count = fields.Integer(
        string="Visits", compute="_compute_hm_referral_counts", groups=PROFILE_GROUPS, copy=False
    )
    hm_referral_agreement_count = fields.Integer(
        string="Agreements",
        compute="_compute_hm_referral_counts",
        groups=PROFILE_GROUPS,
        copy=False,
    )
    hm_referral_gift_count = fields.Integer(
        string="Gifts", compute="_compute_hm_referral_counts", groups=PROFILE_GROUPS, copy=False
    )
    hm_commission_line_count = fields.Integer(
        string="Commission", compute="_compute_hm_commission_line_count"
    )
    hm_referral_gift_total_year = fields.Monetary(
        string="Gifts This Year",
        compute="_compute_hm_referral_gift_total_year",
        currency_field="hm_referral_currency_id",
        groups=PROFILE_GROUPS,
        copy=False,
    )
    hm_referral_gift_over_cap = fields.Boolean(
        string="Over the Yearly Gift Cap",
        compute="_compute_hm_referral_gift_total_year",
        groups=PROFILE_GROUPS,
        copy=False,
    )
    hm_referral_currency_id = fields.Many2one(
        "res.currency",
        string="Referral Currency",
        compute="_compute_hm_referral_gift_total_year",
        groups=PROFILE_GROUPS,
        copy=False,
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends(
        "hm_referral_promoter_id.user_id",
        "hm_referral_promoter_id.hm_marketing_team_id",
        "parent_id.hm_referral_promoter_id.user_id",
        "parent_id.hm_referral_promoter_id.hm_marketing_team_id",
    )
    def _compute_hm_referral_owner(self):
        """A doctor (contact) belongs to the promoter of their institution."""
        for partner in self:
            promoter = (
                partner.hm_referral_promoter_id or partner.parent_id.hm_referral_promoter_id
            ).sudo()
            partner.hm_referral_user_id = promoter.user_id
            partner.hm_referral_team_id = promoter.hm_marketing_team_id
            partner.hm_referral_assigned = bool(promoter)

    def _compute_hm_referral_counts(self):
        referrals = self._hm_referral_count("hospital.referral", "referring_partner_id")
        visits = self._hm_referral_count("hospital.visit", "partner_id")
        agreements = self._hm_referral_count("hospital.referral.agreement", "partner_id")
        gifts = self._hm_referral_count("hospital.referral.gift", "partner_id")
        for partner in self:
            partner.hm_referral_case_count = referrals.get(partner.id, 0)
            partner.hm_referral_visit_count = visits.get(partner.id, 0)
            partner.hm_referral_agreement_count = agreements.get(partner.id, 0)
            partner.hm_referral_gift_count = gifts.get(partner.id, 0)

    def _compute_hm_referral_gift_total_year(self):
        today = fields.Date.context_today(self)
        totals = self.env["hospital.referral.gift"]._yearly_totals(self, today.year)
        company = self.env.company
        for partner in self:
            partner.hm_referral_currency_id = company.currency_id
            partner.hm_referral_gift_total_year = totals.get(partner.id, 0.0)
            cap = company.hm_gift_yearly_cap
            partner.hm_referral_gift_over_cap = bool(cap) and totals.get(partner.id, 0.0) > cap

    @api.depends_context("uid")
    def _compute_hm_can_edit_referral(self):
        self.hm_can_edit_referral = self.env.su or self.env.user.has_groups(LEADER_GROUPS)

    @api.depends("referral_partner_kind")
    def _compute_hm_payee_class(self):
        # the core's compute, depending on the kind it reads (_hm_payee_class_from_kind)
        return super()._compute_hm_payee_class()

    @api.depends_context("uid")
    def _compute_hm_commission_line_count(self):
        Line = self.env["hospital.commission.line"]
        counts = (
            self._hm_referral_count(Line._name, "partner_id") if Line.has_access("read") else {}
        )
        for partner in self:
            partner.hm_commission_line_count = counts.get(partner.id, 0)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        # sudo: any user creates partners, whose marketing profile is not theirs to read
        partners.sudo().filtered(
            lambda p: p.hm_referral_grade or p.hm_referral_stage
        )._hm_referral_log_history({})
        return partners

    def write(self, vals):
        if not {"hm_referral_grade", "hm_referral_stage"} & vals.keys():
            return super().write(vals)
        before = {p.id: (p.hm_referral_grade, p.hm_referral_stage) for p in self.sudo()}
        res = super().write(vals)
        self.sudo()._hm_referral_log_history(before)
        return res

    # Odoo's Export right exports contacts, not the marketing profile (R-S3)
    def export_data(self, fields_to_export):
        marketing = any(
            part.startswith(("referral_", "hm_"))
            for path in fields_to_export
            for part in path.split("/")
        )
        if (
            marketing
            and not self.env.su
            and not self.env.user.has_group("hospital_marketing.group_marketing_export")
        ):
            raise AccessError(
                self.env._(
                    "Exporting the marketing profile of partners is reserved to the people "
                    "allowed to export marketing data. Ask the business vice-president for this "
                    "right."
                )
            )
        return super().export_data(fields_to_export)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_open_referrals(self):
        return self._hm_referral_action(
            "hospital_referral.action_hospital_referral", "referring_partner_id"
        )

    def action_open_visits(self):
        return self._hm_referral_action("hospital_marketing.action_hospital_visit", "partner_id")

    def action_open_agreements(self):
        return self._hm_referral_action(
            "hospital_referral.action_hospital_referral_agreement", "partner_id"
        )

    def action_open_gifts(self):
        return self._hm_referral_action(
            "hospital_referral.action_hospital_referral_gift", "partner_id"
        )

    def action_open_commission_lines(self):
        return self._hm_referral_action(
            "hospital_marketing.action_hospital_commission_line", "partner_id"
        )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    # who changes what (R-P3, R-P4, R-C10); the grade and stage history
    @api.model
    def _hm_workflow_spec(self):
        return super()._hm_workflow_spec() | {
            "hm_referral_grade": LEADER_GROUPS,
            "hm_referral_stage": LEADER_GROUPS,
            "hm_referral_territory_id": LEADER_GROUPS,
            "hm_referral_promoter_id": LEADER_GROUPS,
            "hm_referral_co_maintainer_id": LEADER_GROUPS,
            "referral_partner_kind": PAYEE_GROUPS,
        }

    @api.model
    def _hm_workflow_create_allowed(self, fname, value):
        """A promoter registers a new partner of any kind (its payee class follows the kind),
        in a territory, as a prospect, under their own name."""
        if fname in ("referral_partner_kind", "hm_referral_territory_id"):
            return True
        if fname == "hm_referral_stage":
            return value in NEW_PARTNER_STAGES
        if fname == "hm_referral_promoter_id":
            return not value or value in self.env.user.employee_ids.ids
        return super()._hm_workflow_create_allowed(fname, value)

    def _hm_referral_log_history(self, before):
        values = []
        for partner in self:
            old_grade, old_stage = before.get(partner.id, (False, False))
            if (old_grade, old_stage) == (partner.hm_referral_grade, partner.hm_referral_stage):
                continue
            values.append(
                {
                    "partner_id": partner.id,
                    "old_grade": old_grade,
                    "grade": partner.hm_referral_grade,
                    "old_stage": old_stage,
                    "stage": partner.hm_referral_stage,
                }
            )
        if values:
            self.env["hospital.referral.grade.history"].sudo().create(values)

    def _hm_payee_class_from_kind(self):
        """A referral partner's kind implies its payee class (R-C10): ``PAYEE_CLASS_OF_KIND``,
        an institution for the other kinds."""
        implied = super()._hm_payee_class_from_kind()
        for partner in self:
            kind = partner.referral_partner_kind
            if kind:
                implied[partner.id] = PAYEE_CLASS_OF_KIND.get(kind, "institution")
        return implied

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    def _hm_referral_count(self, model, field, domain=None):
        groups = self.env[model]._read_group(
            [(field, "child_of", self.ids), *(domain or [])], [field], ["__count"]
        )
        counts = {}
        for partner, count in groups:
            # child contacts (doctors) count for their institution too
            for record in self:
                if partner.id == record.id or partner.commercial_partner_id == record:
                    counts[record.id] = counts.get(record.id, 0) + count
        return counts

    def _hm_referral_action(self, xmlid, field):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [(field, "child_of", self.id)]
        action["context"] = {f"default_{field}": self.id}
        return action
