"""Upgrading record rules kept in ``noupdate`` data.

Admins tune the department's record rules (the confidentiality policy), so the rules are
``noupdate``: an upgrade does not overwrite them. When a release changes a rule's domain (a
field it read is gone, a hole is closed), the migration gives a rule the new domain only if its
domain is still the one the previous release shipped; a rule an admin changed is left as it is
and named in the log for the admin to review.
"""

import logging
import re

_logger = logging.getLogger(__name__)


def _normalise(domain):
    return re.sub(r"\s+", "", domain or "")


def refresh_rule_domains(env, module, domains):
    """``domains``: ``{xml id (without module): (domain shipped before, domain now)}``."""
    for name, (old, new) in domains.items():
        rule = env.ref(f"{module}.{name}", raise_if_not_found=False)
        if not rule:
            continue
        if _normalise(rule.domain_force) == _normalise(old):
            rule.domain_force = new
        elif _normalise(rule.domain_force) != _normalise(new):
            _logger.warning(
                "Record rule %s.%s was changed by hand and is left as it is: review it against "
                "the domain of this release, %s",
                module,
                name,
                new,
            )
