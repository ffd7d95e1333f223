import { registry } from "@web/core/registry";

// A promoter files the day's report on a phone and submits it to the leader (R-W4).
registry.category("web_tour.tours").add("hospital_marketing_work_report_phone", {
    url: "/odoo/marketing-reports/new",
    steps: () => [
        {
            content: "Say where the day was spent",
            trigger: "div[name=whereabouts] textarea",
            run: "edit 上午芙蓉区东湖社区卫生服务中心，下午雨花区同升诊所",
        },
        {
            content: "Sum the day up",
            trigger: "div[name=summary] textarea",
            run: "edit 拜访两家合作方，约定下周义诊",
        },
        {
            content: "Submit it",
            trigger: "button[name=action_submit]",
            run: "click",
        },
        {
            // on a phone the status bar folds into a menu: the submit button is gone once done
            content: "The report waits for the leader",
            trigger: ".o_form_saved:not(:has(button[name=action_submit])) div[name=summary]",
        },
    ],
});

// The leader opens the reports to review and approves the promoter's, on a phone too (R-W4).
registry.category("web_tour.tours").add("hospital_marketing_work_report_review", {
    url: "/odoo/marketing-reports-review",
    steps: () => [
        {
            content: "Open the promoter's report (its card on a phone)",
            trigger: ".o_kanban_record:not(.o_kanban_ghost), .o_data_row td[name=employee_id]",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: "button[name=action_approve]",
            run: "click",
        },
        {
            content: "The report is approved",
            trigger: ".o_form_saved:not(:has(button[name=action_approve])) div[name=summary]",
        },
    ],
});
