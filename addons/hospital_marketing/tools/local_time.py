"""Times written into texts (a fraud reason, a chatter message) in the reader's time zone.

Odoo stores datetimes in UTC; a text that prints one must convert it, or a hospital in
Asia/Shanghai reads a time eight hours off (and, near midnight, the wrong day). The time zone is
the acting user's, else the company's (its partner's), else UTC: the HIS integration user and
the scheduled jobs usually have none.
"""

from odoo.tools.misc import format_datetime

#: a fixed, unambiguous pattern: a stored text must not depend on who happened to write it
TEXT_FORMAT = "yyyy-MM-dd HH:mm"


def local_tz(env, company=None):
    """The time zone name a text for ``env``'s user (in ``company``) is written in."""
    company = company or env.company
    return env.context.get("tz") or env.user.tz or company.sudo().partner_id.tz or "UTC"


def local_datetime_text(env, value, company=None):
    """``value`` (a naive UTC datetime) as local date and time text, e.g. ``2026-03-02 01:30``."""
    if not value:
        return ""
    return format_datetime(env, value, tz=local_tz(env, company), dt_format=TEXT_FORMAT)


def env_for(env, user):
    """``env`` speaking ``user``'s language and time zone: for a text written now and read by
    ``user`` (an activity summary for its assignee, a message for its recipient)."""
    if not user:
        return env
    ctx = dict(env.context, lang=user.lang or env.lang)
    if user.tz:
        ctx["tz"] = user.tz
    return env(context=ctx)
