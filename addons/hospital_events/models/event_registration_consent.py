from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .event_event_run import EVENT_OFFICE_GROUPS
from .event_registration import CONSENT_FIELDS

ERASED = "***"


class EventRegistration(models.Model):
    """Withdrawing a consent (PIPL, R-S4) erases what it allowed to keep: the values on the
    row, their tracking values and any mention of them in the chatter."""

    _inherit = "event.registration"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_hm_withdraw_contact_consent(self):
        self._hm_withdraw("contact")

    def action_hm_withdraw_health_consent(self):
        self._hm_withdraw("health")

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _hm_check_team_or_office(self):
        """Only the event's team and the office act on its attendees (R-S4), whatever the
        view shows; the record rules give the scope."""
        if self.env.su:
            return
        self.check_access("write")
        if self.env.user.has_groups(EVENT_OFFICE_GROUPS):
            return
        if any(self.env.user not in reg.event_id._hm_team_users() for reg in self):
            raise AccessError(
                self.env._("Only the event's team and the office act on its attendees.")
            )

    def _hm_withdraw(self, kind):
        self._hm_check_team_or_office()
        consent_field = CONSENT_FIELDS[kind][0]
        given = self.filtered(consent_field)
        if not given:
            raise UserError(self.env._("There is no consent to withdraw."))
        given.write({consent_field: False})

    def _hm_erase(self, kind):
        """Erase the data the consent ``kind`` allowed to keep, and record the withdrawal."""
        fnames = CONSENT_FIELDS[kind][1]
        values = {
            value
            for registration in self.sudo()
            for fname in fnames
            if isinstance(value := registration[fname], str) and value
        }
        registrations = self.sudo().with_context(mail_notrack=True)
        registrations.write(
            {
                **dict.fromkeys(fnames, False),
                f"hm_{kind}_consent_at": False,
                f"hm_{kind}_withdrawn_at": fields.Datetime.now(),
            }
        )
        # nothing of the erased values is tracked from what happened in this transaction
        registrations._track_discard()
        self._hm_erase_chatter(fnames, values)

    def _hm_erase_chatter(self, fnames, values):
        """Remove the tracking values of ``fnames`` from the chatter of the registrations, and
        mask ``values`` in the text of their messages."""
        Message = self.env["mail.message"].sudo()
        messages = Message.search([("model", "=", self._name), ("res_id", "in", self.ids)])
        if not messages:
            return
        field_ids = [self.env["ir.model.fields"]._get(self._name, fname).id for fname in fnames]
        self.env["mail.tracking.value"].sudo().search(
            [("mail_message_id", "in", messages.ids), ("field_id", "in", field_ids)]
        ).unlink()
        for value in values:
            mentioned = messages.filtered(lambda m, v=value: v in (m.body or ""))
            for message in mentioned:
                message.body = str(message.body).replace(value, ERASED)
