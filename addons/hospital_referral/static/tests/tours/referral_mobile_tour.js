import { registry } from "@web/core/registry";

// A promoter registers a referred patient on a phone (R-R1).
registry.category("web_tour.tours").add("hospital_referral_mobile_registration", {
    url: "/odoo/action-hospital_referral.action_hospital_referral/new",
    steps: () => [
        {
            content: "Type the patient's name",
            trigger: "div[name=patient_name] input",
            run: "edit 吴晓梅",
        },
        {
            content: "Type the patient's phone",
            trigger: "div[name=patient_phone] input",
            run: "edit 13655550123",
        },
        {
            content: "Type the disease",
            trigger: "div[name=disease] input",
            run: "edit 胆结石",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "The case has its number",
            trigger: ".o_form_saved div[name=name]:contains(ZZ/)",
        },
    ],
});
