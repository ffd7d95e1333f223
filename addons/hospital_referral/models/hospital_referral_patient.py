from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from .hospital_referral import (
    ID_NUMBER_CHARS,
    LOOKUP_GROUP,
    PATIENT_FIELD_SIZES,
    PHONE_GROUPS,
    PhoneLookupScope,
    is_valid_phone,
    normalize_phone,
)


class HospitalReferral(models.Model):
    """The patient's data on a case (R-S4): the masked phone searched without making it an
    oracle, the name hidden from search to who may not read it, and the values a user types
    about a patient checked before PostgreSQL sees them."""

    _inherit = "hospital.referral"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    def _search_patient_phone_masked(self, operator, value):
        """Search on the masked phone without making it an oracle (R-S4).

        - ``= False`` / ``!= False``: the cases without (with) a phone, which the masked value
          shows anyway;
        - the marketing line, who reads phones in clear, searches the phone itself (within
          its record rules);
        - the guide desk looks a patient up by ONE full number per search (``=`` or
          ``ilike``); each lookup is written to the secret access trace (who, when, which
          cases; never the number). A partial number, a second number in the same search
          (large OR domains) and every other role find nothing.

        Negative operators are answered by Odoo negating the positive lookup.
        """
        if operator not in ("=", "in", "ilike"):
            return NotImplemented
        if operator == "in" and isinstance(value, (str, bytes)):
            return NotImplemented
        values = list(value) if operator == "in" else [value]
        numbers = [v for v in values if v not in (False, None, "")]
        domain = Domain.FALSE
        if len(numbers) < len(values):
            # the cases without a phone: the masked value tells it anyway
            domain = Domain("id", "in", self.sudo()._search([("patient_phone_norm", "=", False)]))
        if not numbers:
            return domain
        if not all(isinstance(number, str) for number in numbers):
            return NotImplemented
        norms = {normalize_phone(number) for number in numbers} - {False}
        if self.env.su or self.env.user.has_group(PHONE_GROUPS):
            # no oracle: the phone is readable in clear on every case the user may find
            return domain | Domain("patient_phone_norm", "in", list(norms))
        scope = self.env.context.get("hm_phone_lookup")
        if not isinstance(scope, PhoneLookupScope):
            scope = PhoneLookupScope()
        if (
            not self.env.user.has_group(LOOKUP_GROUP)
            or len(norms) != 1
            or any(len(norm) < 11 for norm in norms)
            or scope.numbers - norms
        ):
            return domain
        scope.numbers |= norms
        found = self.sudo().search([("patient_phone_norm", "in", list(norms))])
        self.env["hospital.secret.access.log"]._log_lookup(self._name, found)
        return domain | Domain("id", "in", found.ids)

    @api.model
    def _search_display_name(self, operator, value):
        """A user who does not read the patient's name (a referring doctor, portal) finds a
        case by its number or voucher only: a search on names would tell the names."""
        if self._has_field_access(self._fields["patient_name"], "read"):
            return super()._search_display_name(operator, value)
        if operator.endswith("like") and not value and "=" not in operator:
            return Domain.FALSE if operator in Domain.NEGATIVE_OPERATORS else Domain.TRUE
        aggregator = Domain.AND if operator in Domain.NEGATIVE_OPERATORS else Domain.OR
        return aggregator(Domain(fname, operator, value) for fname in ("name", "voucher_number"))

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    # Checked in Python before writing, so that PostgreSQL never refuses a row of user input:
    # its error message would carry the whole row (the patient's name, phone, ID number) into
    # the server log (R-S4). Messages name the case by its number.
    @api.model
    def _patient_value_errors(self, vals):
        """What is wrong with the patient values of ``vals`` (a name of 100 000 characters, a
        phone "abc"...): a list of (field name, message); the messages never repeat the
        values."""
        errors = []
        for fname, size in PATIENT_FIELD_SIZES.items():
            value = vals.get(fname)
            if not value:
                continue
            label = self._fields[fname].get_description(self.env, ["string"])["string"]
            if not isinstance(value, str):
                errors.append((fname, self.env._("%s must be text.", label)))
            elif len(value) > size:
                errors.append(
                    (
                        fname,
                        self.env._(
                            "%(field)s is too long: at most %(size)s characters.",
                            field=label,
                            size=size,
                        ),
                    )
                )
            elif any(ord(char) < 32 or 0xD800 <= ord(char) <= 0xDFFF for char in value):
                errors.append(
                    (fname, self.env._("%s contains invisible control characters.", label))
                )
        failed = {fname for fname, _message in errors}
        if "patient_name" in vals and not (vals["patient_name"] or "").strip():
            errors.append(("patient_name", self.env._("Give the name of the patient.")))
        phone = vals.get("patient_phone")
        if phone and "patient_phone" not in failed and not is_valid_phone(phone):
            errors.append(
                (
                    "patient_phone",
                    self.env._(
                        "The phone number is not valid: 7 to 15 digits, with spaces, dashes or "
                        "a leading + if you like."
                    ),
                )
            )
        id_number = vals.get("patient_id_number")
        if (
            id_number
            and "patient_id_number" not in failed
            and not ID_NUMBER_CHARS.fullmatch(id_number)
        ):
            errors.append(
                (
                    "patient_id_number",
                    self.env._("The ID number is not valid: letters and digits only."),
                )
            )
        return errors

    def _check_patient_values(self, vals, case_name):
        errors = self._patient_value_errors(vals)
        if errors:
            raise ValidationError(
                self.env._(
                    "Case %(case)s: %(errors)s",
                    case=case_name,
                    errors=" ".join(message for _fname, message in errors),
                )
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _search(self, domain, *args, **kwargs):
        # one scope of phone lookups per search, shared with its sub-searches
        if isinstance(self.env.context.get("hm_phone_lookup"), PhoneLookupScope):
            return super()._search(domain, *args, **kwargs)
        model = self.with_context(hm_phone_lookup=PhoneLookupScope())
        return super(HospitalReferral, model)._search(domain, *args, **kwargs)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _refuse_after_arrival(self, vals, fnames, groups):
        """Refuse ``vals`` changing one of ``fnames`` on a case whose patient came, unless the
        current user is in ``groups`` (the superuser's actions always may)."""
        fnames = fnames & vals.keys()
        if self.env.su or not fnames:
            return
        came = self.filtered(lambda c: c.state not in ("registered", "not_counted"))
        changed = {fname for fname in fnames if not came._hm_workflow_same(fname, vals[fname])}
        if came and changed and not self.env.user.has_groups(groups):
            raise self._hm_workflow_error(changed)
