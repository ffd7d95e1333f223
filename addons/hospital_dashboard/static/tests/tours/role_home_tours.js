import { registry } from "@web/core/registry";

/**
 * Each demo login lands on its home (issue 13), on a phone (390 px) or a desktop: the cards
 * of its work, or the department dashboard. The demo logins read Chinese.
 */
const cards = (names) =>
    names.map((name) => ({
        content: `The card "${name}" is shown with its figure`,
        trigger: `.o_kanban_view .o_kanban_record:contains(${name}) [name=value]`,
    }));

const dashboard = [
    {
        content: "The department dashboard is the home",
        trigger: ".o_spreadsheet_dashboard_action .o-spreadsheet",
    },
    {
        content: "with its charts, drawn from the user's records",
        trigger: ".o_spreadsheet_dashboard_action .o-chart-container",
    },
    {
        content: "and no loading error",
        trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status.error))",
    },
];

const HOMES = {
    leader: cards(["待审核报告", "待裁定疑点", "反馈迟到", "本组今日"]),
    finance: cards(["待过账结算单", "待支付结算单", "逾期结算单", "支付所有已过账结算单"]),
    treatment: [
        {
            content: "The settlements to co-sign, as cards",
            trigger: ".o_action_manager .o_kanban_view",
        },
    ],
    office: dashboard,
    mkt_manager: dashboard,
    vp: dashboard,
    promoter: [
        {
            content: "The promoter's day (or visits) is the home",
            trigger: ".o_action_manager .o_action",
        },
    ],
};

for (const [login, steps] of Object.entries(HOMES)) {
    registry.category("web_tour.tours").add(`hospital_dashboard_home_${login}`, {
        url: "/odoo",
        steps: () => steps,
    });
}

// The guide desk: the patients expected, then a full phone number typed and Enter.
registry.category("web_tour.tours").add("hospital_dashboard_home_guidedesk", {
    url: "/odoo",
    steps: () => [
        {
            content: "The patients expected are the home",
            trigger: ".o_action_manager :is(.o_kanban_view, .o_list_view)",
        },
        {
            content: "Open the search on a phone",
            trigger: ".o_control_panel :is(button:has(.fa-search), .o_searchview_input)",
            run() {
                const toggler = document.querySelector(".o_control_panel button:has(.fa-search)");
                if (toggler && !document.querySelector(".o_searchview_input")) {
                    toggler.click();
                }
            },
        },
        {
            content: "Type the patient's full phone number",
            trigger: ".o_searchview_input",
            run: "edit 13974100001",
        },
        {
            content: "and press Enter",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "The search is on the phone, patient, number or voucher",
            trigger: ".o_searchview_facet:contains(13974100001)",
        },
        {
            content: "The patient is found",
            trigger: ".o_kanban_record:contains(黄桂英), .o_data_row:contains(黄桂英)",
        },
    ],
});
