import { registry } from "@web/core/registry";

function fitsTheScreen() {
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    if (overflow > 1) {
        throw new Error(`the page is ${overflow}px wider than the phone`);
    }
}

// The vice-president approves an outreach event above the manager's budget on a phone (R-E2).
registry.category("web_tour.tours").add("hospital_events_approve_phone", {
    url: "/odoo/marketing-outreach-events",
    steps: () => [
        {
            content: "Open the screening that awaits approval",
            trigger: ".o_kanban_record:contains(浏阳市农村妇女两癌筛查)",
            run: "click",
        },
        {
            content: "The form fits the phone",
            trigger: ".o_form_view .o_field_widget[name=hm_state]",
            run: fitsTheScreen,
        },
        {
            content: "Approve (the button may sit in the form's action menu on a phone)",
            trigger: ".o_form_view .o_form_statusbar",
            async run(helpers) {
                let button = document.querySelector("button[name=action_hm_approve]");
                if (!button) {
                    await helpers.click(".o_form_statusbar .dropdown-toggle");
                    await new Promise((resolve) => setTimeout(resolve, 300));
                    button = document.querySelector("button[name=action_hm_approve]");
                }
                button.click();
            },
        },
        {
            content: "The event is approved: nothing left to approve",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_hm_approve]))",
        },
        {
            content: "The budget and costs are there for the vice-president",
            trigger: ".o_notebook a.nav-link[name=hm_costs]",
        },
    ],
});

// A promoter of the team sees the plan of the event they staff on a phone, not its costs
// (class D, R-S1).
registry.category("web_tour.tours").add("hospital_events_team_phone", {
    url: "/odoo/marketing-outreach-events",
    steps: () => [
        {
            content: "Open the free-clinic tour the promoter staffs",
            trigger: ".o_kanban_record:contains(望城区乡镇巡回义诊)",
            run: "click",
        },
        {
            content: "Open the outreach page",
            trigger: ".o_notebook a.nav-link[name=outreach]",
            run: "click",
        },
        {
            content: "The team is listed as cards",
            trigger: "div[name=hm_team_line_ids] .o_kanban_record:contains(黄丽)",
            run: fitsTheScreen,
        },
        {
            content: "No budget and costs page for a promoter",
            trigger: ".o_notebook:not(:has(a.nav-link[name=hm_costs]))",
        },
    ],
});
