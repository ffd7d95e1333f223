"""19.0.1.1.0: the event-role rules moved from the marketing core to this addon; the demo
event rule keeps its record (and the lines that point at it) under this addon's name.

The event payee roles, the ``event_role`` payee kind and the share fields need no script: this
addon declares them now (``selection_add``, ``_inherit``), so the upgrade gives their
selection values and fields an external id of this addon and drops only the core's ids, never
the values, the columns nor the rows."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE ir_model_data
           SET module = 'hospital_events'
         WHERE module = 'hospital_marketing'
           AND name = 'demo_commission_rule_event'
           AND NOT EXISTS (
                SELECT 1 FROM ir_model_data
                 WHERE module = 'hospital_events' AND name = 'demo_commission_rule_event'
           )
        """
    )
