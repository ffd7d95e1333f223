import { registry } from "@web/core/registry";
import { marketingRoleSteps } from "@hospital_marketing/../tests/tours/marketing_role_tours";

// The guide desk lands in the Marketing app and reaches the patients expected.
registry.category("web_tour.tours").add("hospital_referral_role_guidedesk", {
    url: "/odoo",
    steps: () =>
        marketingRoleSteps(
            "hospital_marketing.menu_marketing_partners",
            "hospital_referral.menu_referral_home_guidedesk"
        ),
});
