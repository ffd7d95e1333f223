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

// The promoter's day in Chinese (the page's texts come from the web client and the server)
// with today's demo visit.
const myDay = [
    {
        content: "My day is the home, titled in Chinese",
        trigger: ".o_hm_my_day h2:contains(我的一天)",
    },
    {
        content: "with its big actions in Chinese",
        trigger: ".o_hm_my_day .o_hm_my_day_action[data-key=log_visit]:contains(记录拜访或电话)",
    },
    {
        content: "and today's contacts against the minimum",
        trigger: ".o_hm_my_day_section[data-key=contacts]:contains(今日联系医生数)",
    },
    {
        content: "and today's visit of the demo",
        trigger: ".o_hm_my_day .o_hm_my_day_visit:contains(岳麓区望月湖社区卫生服务中心)",
    },
];

const HOMES = {
    leader: [
        ...cards(["待审核报告", "待裁定疑点", "反馈迟到", "本组今日"]),
        {
            content: "The team's day against the daily minimum",
            trigger: ".o_kanban_record:contains(本组今日) [name=value]:contains(每日最低)",
        },
    ],
    finance: [
        ...cards(["待过账结算单", "待支付结算单", "逾期结算单", "支付所有已过账结算单"]),
        {
            content: "Money in the hospital's yuan",
            trigger: ".o_kanban_record:contains(支付所有已过账结算单) [name=value]:contains(¥)",
        },
    ],
    treatment: [
        {
            content: "Last month's settlements to co-sign, as cards, in yuan",
            trigger: ".o_action_manager .o_kanban_view .o_kanban_record:contains(COM/):contains(¥)",
        },
        {
            content: "each waiting after the marketing department's check",
            trigger: ".o_kanban_record:contains(COM/):contains(市场部已核对)",
        },
    ],
    office: dashboard,
    mkt_manager: dashboard,
    vp: dashboard,
    promoter: myDay,
    magazine: [
        ...myDay.slice(0, 3),
        {
            content: "The magazine squad member's distribution task of the month",
            trigger: ".o_hm_my_day_section[data-key=distribution]:contains(我的发行任务):contains(仁和健康)",
        },
        {
            content: "with its drop points done",
            trigger: ".o_hm_my_day_section[data-key=distribution]:contains(已完成 1 / 3 个投放点)",
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

// The referring doctor (portal): their referred patients, from the portal's home.
registry.category("web_tour.tours").add("hospital_dashboard_home_doctor", {
    url: "/my",
    steps: () => [
        {
            content: "The portal home leads to the doctor's referred patients",
            trigger: "a[href='/my/referrals']:contains(转诊患者)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The doctor's demo patients are listed, by number",
            trigger: "table tbody tr:contains(ZZ/)",
        },
    ],
});
