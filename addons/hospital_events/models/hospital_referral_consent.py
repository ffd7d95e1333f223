from odoo import api, fields, models


class HospitalReferral(models.Model):
    """A case that came from an outreach attendee follows the attendee's consents (R-S4,
    PIPL): withdrawing the consent to keep health data erases the screening result copied
    into the case; withdrawing the consent to be contacted clears the case's flag. The case
    keeps what the hospital needs (the patient, the department, the arrival and the fees);
    its chatter records each withdrawal without personal data."""

    _inherit = "hospital.referral"  # pylint: disable=consider-merging-classes-inherited

    contact_consent = fields.Boolean(
        string="Consents to Be Contacted",
        default=True,
        readonly=True,
        tracking=True,
        help="Cleared when the patient withdrew the consent to be contacted given at an "
        "outreach event: no marketing contact any more.",
    )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _hm_workflow_spec(self):
        return {**super()._hm_workflow_spec(), "contact_consent": False}

    def _health_consent_withdrawn(self, copied):
        """Erase (as superuser) the screening result copied into the cases of ``self``
        (``copied``: {case id: the text copied}), untracked and masked in their chatter."""
        cases = self.sudo()
        erased = cases.filtered(lambda case: case.disease and case.disease == copied.get(case.id))
        erased.with_context(mail_notrack=True).write({"disease": False})
        erased._track_discard()
        Message = self.env["mail.message"].sudo()
        for case in erased:
            messages = Message.search(
                [("model", "=", self._name), ("res_id", "=", case.id)]
            ).filtered(lambda m, v=copied[case.id]: v in (m.body or ""))
            for message in messages:
                message.body = str(message.body).replace(copied[case.id], "***")
        for case in cases:
            case.message_post(
                body=self.env._(
                    "The patient withdrew the consent to keep health data given at the "
                    "outreach event: the screening result copied into this case is erased."
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _contact_consent_changed(self, consent):
        """The cases of ``self`` follow the attendee's consent to be contacted."""
        cases = self.sudo().filtered(lambda case: case.contact_consent != consent)
        if not cases:
            return
        cases.write({"contact_consent": consent})
        if not consent:
            for case in cases:
                case.message_post(
                    body=self.env._(
                        "The patient withdrew the consent to be contacted given at the "
                        "outreach event: no marketing contact any more."
                    ),
                    subtype_xmlid="mail.mt_note",
                )
