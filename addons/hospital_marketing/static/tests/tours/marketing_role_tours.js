import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * A demo login lands in the Marketing app (its home action), opens the app from the apps menu
 * and reaches the main menu of its role, whose list view loads.
 *
 * @param {string} section xmlid of the top menu of the Marketing app
 * @param {string} item xmlid of the menu item under it
 */
export function marketingRoleSteps(section, item) {
    return [
        {
            content: "The login lands in the Marketing app",
            trigger: `.o_main_navbar .o_menu_brand[data-menu-xmlid="hospital_marketing.menu_marketing_root"]`,
        },
        {
            content: "Its home view is loaded (My day, cards or a dashboard)",
            trigger: ".o_action_manager :is(.o_view_controller, .o_hm_my_day, .o_spreadsheet_dashboard_action)",
        },
        ...stepUtils.goToAppSteps("hospital_marketing.menu_marketing_root", "Open the Marketing app"),
        {
            content: "Open the role's menu",
            trigger: `.o_main_navbar [data-menu-xmlid="${section}"]`,
            run: "click",
        },
        {
            content: "Open the role's main view",
            trigger: `.o-dropdown--menu [data-menu-xmlid="${item}"]`,
            run: "click",
        },
        {
            content: "The list of the role's main menu is shown",
            trigger: `.o_main_navbar .o_menu_brand[data-menu-xmlid="hospital_marketing.menu_marketing_root"]`,
        },
        {
            content: "with its records",
            trigger: ".o_list_view :is(.o_data_row, .o_group_header)",
        },
    ];
}

const ROLE_MENUS = {
    promoter: ["hospital_marketing.menu_marketing_fieldwork", "hospital_marketing.menu_hospital_visit"],
    promoter2: ["hospital_marketing.menu_marketing_fieldwork", "hospital_marketing.menu_hospital_visit"],
    leader: ["hospital_marketing.menu_marketing_fieldwork", "hospital_marketing.menu_hospital_visit"],
    office: ["hospital_marketing.menu_marketing_config", "hospital_marketing.menu_hospital_marketing_team"],
    mkt_manager: ["hospital_marketing.menu_marketing_config", "hospital_marketing.menu_hospital_marketing_staff"],
    vp: ["hospital_marketing.menu_marketing_confidentiality", "hospital_marketing.menu_hospital_secret_access_log"],
    // the demo's last month is signed, posted and paid: nothing waits for finance's signature;
    // the month's commission lines are finance's records
    finance: ["hospital_marketing.menu_marketing_commission", "hospital_marketing.menu_hospital_commission_line"],
    treatment: ["hospital_marketing.menu_marketing_commission", "hospital_marketing.menu_hospital_commission_settlement"],
};

for (const [role, [section, item]] of Object.entries(ROLE_MENUS)) {
    registry.category("web_tour.tours").add(`hospital_marketing_role_${role}`, {
        url: "/odoo",
        steps: () => marketingRoleSteps(section, item),
    });
}
