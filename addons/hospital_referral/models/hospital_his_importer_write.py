"""The HIS importer's writing (R-R5): a batch's bills triaged against the stored ones
(unchanged by fingerprint, changed, new), the new ones written with one COPY, the changed
ones through the ORM."""

import io
import re

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import ConcurrencyError
from odoo.tools import SQL

from .hospital_commission_line import BILLABLE_STATES
from .hospital_his_importer import AMOUNT_FIELDS, COMPARED
from .hospital_referral import normalize_phone

# PostgreSQL's COPY text format: NULL, and the characters escaped in a value
NULL = "\\N"
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
COPY_SPECIAL = re.compile(r"[\\\t\n\r]")
# the text columns of a bill in the COPY
COPY_TEXT_FIELDS = (
    "his_reference",
    "patient_name",
    "patient_phone",
    "patient_phone_norm",
    "voucher_number",
)


def copy_text(value):
    """A text for a COPY in text format: NULL when empty, backslashes and line breaks escaped
    (a validated text holds no other control character)."""
    if not value:
        return NULL
    return value.translate(COPY_ESCAPES)


def _copy_text_plain(value):
    """``copy_text`` of a text known to hold no character to escape."""
    return value or NULL


class HospitalHisImporter(models.AbstractModel):
    _inherit = "hospital.his.importer"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # import
    # ------------------------------------------------------------------
    @api.model
    def _import_batch(
        self, batch, company=None, atomic=True, dry_run=False, strict=False, refused=None
    ):
        """Validate and write the bills of ``batch``. Returns ``{"results": {position:
        (status, [(field, message)])}, "counts": {...}, "written": bool}``; status is created,
        updated, unchanged or error. ``atomic``: nothing is written when any bill is in error
        (the file import); otherwise the valid bills go through (the API). ``refused``:
        {position: [(field, message)]} found before (the API's unknown keys)."""
        company = company or self.env.company
        existing = self._fingerprints({r for r in batch.references if r}, company)
        results, valid = self._triage(batch, existing, company, strict, refused or {})
        in_batch = self._resolve_refunds(batch, valid, existing, results, company, strict)
        to_create, to_update = self._compare(valid, existing, results)
        self._refunds_follow_originals(batch, in_batch, to_create, to_update, results, strict)
        has_errors = any(status == "error" for status, _errors in results.values())
        write = not dry_run and not (atomic and has_errors)
        if write and to_create:
            # ids first: a refund may refer to an original created in the same COPY
            new_ids = dict(zip(to_create, self._new_ids(len(to_create)), strict=True))
            for vals in (*to_create.values(), *(vals for _id, vals in to_update.values())):
                if isinstance(vals.get("refund_of_id"), tuple):
                    vals["refund_of_id"] = new_ids[vals["refund_of_id"][1]]
            self._create_bills(
                [
                    dict(
                        vals,
                        id=new_ids[position],
                        company_id=company.id,
                        his_row_hash=batch.hashes[position],
                    )
                    for position, vals in to_create.items()
                ]
            )
        if write:
            Bill = self.env["hospital.referral.bill"]
            for position, (bill_id, vals) in to_update.items():
                vals = {k: v for k, v in vals.items() if k not in ("his_reference", "refund_of")}
                vals.setdefault("refund_of_id", False)
                Bill.browse(bill_id).write(dict(vals, his_row_hash=batch.hashes[position]))
        for position in to_create:
            results[position] = ("created", [])
        for position in to_update:
            results[position] = ("updated", [])
        counts = {"created": 0, "updated": 0, "unchanged": 0, "error": 0}
        for status, _errors in results.values():
            counts[status] += 1
        return {"results": results, "counts": counts, "written": write}

    @api.model
    def _triage(self, batch, existing, company, strict, refused):
        """(results, {position: vals}): a bill whose fingerprint is the stored bill's is
        unchanged at once, the others are validated."""
        results, to_check = {}, []
        for position, reference in enumerate(batch.references):
            if position in refused:
                results[position] = ("error", refused[position])
                continue
            current = existing.get(reference) if reference else None
            if (
                current
                and current[1] == batch.hashes[position]
                and position not in batch.duplicates
            ):
                results[position] = ("unchanged", [])
            else:
                to_check.append(position)
        self._check_batch(batch, to_check, company, strict)
        valid = {}
        for position in to_check:
            vals, errors = batch.checked[position]
            if position in batch.duplicates:
                errors = [
                    (
                        "his_reference",
                        self.env._(
                            "the HIS reference %(ref)s is already %(where)s",
                            ref=batch.references[position],
                            where=self._label(batch, batch.duplicates[position], strict),
                        ),
                    ),
                    *errors,
                ]
            if errors:
                results[position] = ("error", errors)
            else:
                valid[position] = vals
        return results, valid

    @api.model
    def _compare(self, valid, existing, results):
        """(to create, to update) among the valid bills; a change of a final bill is an
        error in ``results``."""
        stored_values = self._existing(
            [
                existing[vals["his_reference"]][0]
                for vals in valid.values()
                if vals["his_reference"] in existing
            ]
        )
        to_create, to_update = {}, {}
        for position, vals in valid.items():
            current = existing.get(vals["his_reference"])
            if not current:
                to_create[position] = vals
                continue
            stored = stored_values[current[0]]
            if self._same(vals, stored):
                results[position] = ("unchanged", [])
            elif stored["is_final"]:
                results[position] = (
                    "error",
                    [
                        (
                            "his_reference",
                            self.env._(
                                "the bill %s is final in Odoo: a change is refused, ask the "
                                "office to correct it by hand",
                                vals["his_reference"],
                            ),
                        )
                    ],
                )
            else:
                to_update[position] = (current[0], vals)
        return to_create, to_update

    @api.model
    def _label(self, batch, position, strict):
        label = batch.labels[position]
        return f"bills[{label}]" if strict else self.env._("on row %s", label)

    # ------------------------------------------------------------------
    # stored bills
    # ------------------------------------------------------------------
    @api.model
    def _fingerprints(self, references, company):
        """{reference: (id, fingerprint)} of the stored bills, in one narrow SQL query: a
        re-import of 50 000 unchanged bills is decided on these alone."""
        if not references:
            return {}
        self.env["hospital.referral.bill"].flush_model()
        rows = self.env.execute_query(
            SQL(
                "SELECT his_reference, id, his_row_hash FROM hospital_referral_bill "
                "WHERE company_id = %s AND his_reference = ANY(%s)",
                company.id,
                list(references),
            )
        )
        return {row[0]: (row[1], row[2]) for row in rows}

    @api.model
    def _existing(self, bill_ids):
        """{id: {compared field: value}} of stored bills, read with one SQL query (reading
        through the ORM cache is several times slower for a whole HIS export)."""
        if not bill_ids:
            return {}
        rows = self.env.execute_query(
            SQL(
                "SELECT id, voucher_number, patient_name, patient_phone, kind, department_id, "
                "total_fees, drug_cost, admission_date, discharge_date, is_final, refund_of_id "
                "FROM hospital_referral_bill WHERE id = ANY(%s)",
                list(bill_ids),
            )
        )
        return {row[0]: dict(zip(COMPARED, row[1:], strict=True)) for row in rows}

    @staticmethod
    def _same(vals, stored):
        for field in COMPARED:
            new, old = vals.get(field, False), stored[field]
            if field in AMOUNT_FIELDS:
                if round(float(old or 0.0), 2) != new:
                    return False
            elif field == "is_final":
                if bool(old) != new:
                    return False
            elif (old or False) != (new or False):
                return False
        return True

    # ------------------------------------------------------------------
    # writing
    # ------------------------------------------------------------------
    @api.model
    def _new_ids(self, count):
        """``count`` ids of new bills, taken from the table's sequence (named once: a
        ``pg_get_serial_sequence`` per row would take most of the time)."""
        if not count:
            return []
        return [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
                    f"{self.env['hospital.referral.bill']._table}_id_seq",
                    count,
                )
            )
        ]

    @api.model
    def _create_bills(self, vals_list):
        """Create validated bills set-wise: matched to their cases in memory, then written
        with one COPY, the stored computed fields filled from the same values (a refund bill
        belongs to the case of the bill it refunds, as ``create`` does). The ORM's ``create``
        of 50 000 bills takes about 25 s here, the COPY under a second (see bench/); the
        rows are the ones ``create`` writes (tests/test_his_refund.py). Access rights and
        record rules are checked on the rows written, as the ORM would. A reference another
        transaction has just written (two HIS clients sending the same batch at once) raises
        :class:`ConcurrencyError`: Odoo retries the request, which then finds the bill
        stored."""
        Bill = self.env["hospital.referral.bill"]
        Bill.check_access("create")
        missing = [vals for vals in vals_list if not vals.get("id")]
        for vals, new_id in zip(missing, self._new_ids(len(missing)), strict=True):
            vals["id"] = new_id
        for vals in vals_list:
            vals["patient_phone_norm"] = normalize_phone(vals["patient_phone"])
        cases = Bill._find_cases(
            [
                (
                    vals["company_id"],
                    vals["voucher_number"],
                    vals["patient_phone_norm"],
                    vals["admission_date"] or vals["discharge_date"],
                )
                for vals in vals_list
            ]
        )
        cases = self._refund_cases(vals_list, cases)
        department_kinds = {
            department.id: department.kind
            for department in self.env["hospital.clinical.department"]
            .sudo()
            .browse({vals["department_id"] for vals in vals_list})
        }
        buffer = io.StringIO(self._copy_lines(vals_list, cases, department_kinds))
        self.env.flush_all()
        try:
            with self.env.cr.savepoint(flush=False):
                # the column list is constant: no user input reaches the statement
                self.env.cr.copy_expert(
                    "COPY hospital_referral_bill (id, his_reference, his_row_hash, company_id, "
                    "referral_id, patient_name, patient_phone, patient_phone_norm, "
                    "voucher_number, kind, department_id, department_kind, total_fees, "
                    "drug_cost, admission_date, discharge_date, is_final, refund_of_id, "
                    "match_state, user_id, team_id, promoter_id, create_uid, create_date, "
                    "write_uid, write_date) FROM STDIN",
                    buffer,
                )
        except psycopg2.errors.UniqueViolation as error:
            raise ConcurrencyError(
                "HIS bills: another transaction has just stored some of these references"
            ) from error
        Bill.invalidate_model()
        bills = Bill.browse([vals["id"] for vals in vals_list])
        self._check_rules(bills, "create")
        matched = self.env["hospital.referral"].browse({case.id for case in cases if case})
        if matched:
            discharged = matched.sudo().filtered(lambda c: c.state in BILLABLE_STATES)
            matched.invalidate_recordset(["bill_ids"])
            matched.modified(["bill_ids"])
            matched._update_discharge()
            # R-C11: a case discharged before follows its new final bills, refunds included
            bills.filtered("is_final")._commission_changed(billable=discharged)
        return bills

    @api.model
    def _copy_lines(self, vals_list, cases, department_kinds):
        """The bills as the lines of a COPY in PostgreSQL's text format (tab-separated,
        ``\\N`` for NULL), each line formatted at once and all joined once."""
        now = fields.Datetime.to_string(fields.Datetime.now())
        tail = f"{self.env.uid}\t{now}\t{self.env.uid}\t{now}"
        unmatched = (NULL, f"unmatched\t{NULL}\t{NULL}\t{NULL}")
        owners = {
            case: (
                str(case.id),
                f"matched\t{case.user_id.id or NULL}\t{case.team_id.id or NULL}"
                f"\t{case.promoter_id.id or NULL}",
            )
            for case in set(cases)
            if case
        }
        kinds = {key: value or NULL for key, value in department_kinds.items()}
        # the texts of a batch hold no character to escape, as a rule: then each is written
        # as it is (escaping 250 000 texts one by one took a third of the time here)
        text = copy_text
        if not COPY_SPECIAL.search(
            "".join(vals[fname] or "" for vals in vals_list for fname in COPY_TEXT_FIELDS)
        ):
            text = _copy_text_plain
        lines = []
        append = lines.append
        for vals, case in zip(vals_list, cases, strict=True):
            case_id, owner = owners[case] if case else unmatched
            append(
                f"{vals['id']}\t{text(vals['his_reference'])}\t{vals['his_row_hash']}\t"
                f"{vals['company_id']}\t{case_id}\t{text(vals['patient_name'])}\t"
                f"{text(vals['patient_phone'])}\t{text(vals['patient_phone_norm'])}\t"
                f"{text(vals['voucher_number'])}\t{vals['kind']}\t{vals['department_id']}\t"
                f"{kinds.get(vals['department_id'], NULL)}\t{vals['total_fees']!r}\t"
                f"{vals['drug_cost']!r}\t{vals['admission_date'] or NULL}\t"
                f"{vals['discharge_date'] or NULL}\t{'t' if vals['is_final'] else 'f'}\t"
                f"{vals.get('refund_of_id') or NULL}\t{owner}\t{tail}\n"
            )
        return "".join(lines)

    @api.model
    def _refund_cases(self, vals_list, cases):
        """The cases of the bills, a refund bill's being its original's when that one has a
        case (an original created in the same batch included)."""
        originals = {vals.get("refund_of_id") for vals in vals_list} - {None, False}
        if not originals:
            return cases
        case_of = {vals["id"]: case for vals, case in zip(vals_list, cases, strict=True)}
        stored = originals - case_of.keys()
        if stored:
            Referral = self.env["hospital.referral"].sudo()
            self.env["hospital.referral.bill"].flush_model(["referral_id"])
            for bill_id, case_id in self.env.execute_query(
                SQL(
                    "SELECT id, referral_id FROM hospital_referral_bill WHERE id = ANY(%s)",
                    list(stored),
                )
            ):
                case_of[bill_id] = Referral.browse(case_id) if case_id else False
        return [
            case_of.get(vals.get("refund_of_id")) or case if vals.get("refund_of_id") else case
            for vals, case in zip(vals_list, cases, strict=True)
        ]

    @api.model
    def _check_rules(self, records, operation):
        """The record rules of ``operation`` on ``records``, checked with one query (as
        ``check_access`` does, which evaluates them in Python record by record: 1.2 s for
        50 000 bills)."""
        if self.env.su or not records:
            return
        Rule = self.env["ir.rule"]
        domain = Rule._compute_domain(records._name, operation)
        if not domain or domain.is_true():
            return
        query = records.sudo()._search(domain)
        query.add_where(SQL("%s = ANY(%s)", SQL.identifier(query.table, "id"), records.ids))
        allowed = {row[0] for row in self.env.execute_query(query.select())}
        if len(allowed) != len(records):
            raise Rule._make_access_error(
                operation, records.filtered(lambda record: record.id not in allowed)
            )
