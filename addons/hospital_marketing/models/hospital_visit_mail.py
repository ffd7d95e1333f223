from odoo import models


class HospitalVisit(models.Model):
    """The chatter of a visit suggests as recipient only a partner the user may read: a
    promoter who goes along on a visit to a colleague's partner opens their visit (its chatter
    reads the partner's address for the suggestion, and the partner is closed to them)."""

    _inherit = "hospital.visit"  # pylint: disable=consider-merging-classes-inherited

    def _message_get_suggested_recipients_batch(self, *args, **kwargs):
        readable = self.filtered(lambda visit: visit.partner_id.has_access("read"))
        suggested = super(HospitalVisit, readable)._message_get_suggested_recipients_batch(
            *args, **kwargs
        )
        return {visit.id: suggested.get(visit.id, []) for visit in self}
