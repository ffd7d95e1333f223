from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


def parse_registration(form):
    """The values of the patient registration form, typed: the texts stripped, the optional
    ones ``None`` when empty, the department's id an ``int`` (``None`` unless decimal digits). The
    model receives these, never the request."""
    department = (form.get("department_id") or "").strip()

    def text(name):
        return (form.get(name) or "").strip()

    return {
        "patient_name": text("patient_name"),
        "patient_phone": text("patient_phone"),
        "disease": text("disease") or None,
        "voucher_number": text("voucher_number") or None,
        "department_id": int(department) if department.isdecimal() else None,
    }


class ReferralPortal(CustomerPortal):
    """A referring doctor with a portal account registers patients and follows their own
    cases (R-R1); the patient's name is masked once discharged."""

    # ------------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------------
    @http.route(
        ["/my/referrals", "/my/referrals/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_referrals(self, page=1, **_kwargs):
        Referral = request.env["hospital.referral"]
        domain = self._referral_domain()
        count = Referral.search_count(domain)
        pager = portal_pager(url="/my/referrals", total=count, page=page, step=self._items_per_page)
        referrals = Referral.search(
            domain, limit=self._items_per_page, offset=pager["offset"], order="registered_at desc"
        )
        values = self._prepare_portal_layout_values()
        values.update({"referrals": referrals, "pager": pager, "page_name": "referral"})
        return request.render("hospital_referral.portal_my_referrals", values)

    @http.route(["/my/referrals/<int:referral_id>"], type="http", auth="user", website=True)
    def portal_my_referral(self, referral_id, **_kwargs):
        try:
            referral = request.env["hospital.referral"].browse(referral_id)
            if not referral.exists():
                raise MissingError(request.env._("This case no longer exists."))
            referral.check_access("read")
        except (AccessError, MissingError):
            return request.redirect("/my/referrals")
        values = self._prepare_portal_layout_values()
        values.update({"referral": referral, "page_name": "referral"})
        return request.render("hospital_referral.portal_my_referral", values)

    @http.route(
        ["/my/referrals/new"], type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_new_referral(self, **post):
        user = request.env.user
        departments = (
            request.env["hospital.clinical.department"]
            .sudo()
            .search([("company_id", "=", user.company_id.id)])
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {"departments": departments, "page_name": "referral", "error": {}, "post": post}
        )
        if request.httprequest.method == "POST":
            Referral = request.env["hospital.referral"]
            registration = parse_registration(post)
            error = {
                field: True
                for field in ("patient_name", "patient_phone")
                if not registration[field]
            }
            # checked before anything is written; the messages never repeat what was typed
            problems = Referral._patient_value_errors(
                {
                    field: registration[field] or ""
                    for field in ("patient_name", "patient_phone", "voucher_number", "disease")
                }
            )
            error.update((field, True) for field, _message in problems)
            if not error:
                try:
                    referral = Referral._portal_register(**registration)
                except (UserError, ValidationError) as exc:
                    values["error_message"] = [exc.args[0]]
                else:
                    return request.redirect(f"/my/referrals/{referral.id}")
            else:
                values["error_message"] = [message for _field, message in problems]
            values["error"] = error
        return request.render("hospital_referral.portal_new_referral", values)

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "referral_count" in counters:
            Referral = request.env["hospital.referral"]
            values["referral_count"] = (
                Referral.search_count(self._referral_domain()) if Referral.has_access("read") else 0
            )
        return values

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    def _referral_domain(self):
        return [("referring_doctor_id", "=", request.env.user.partner_id.id)]
