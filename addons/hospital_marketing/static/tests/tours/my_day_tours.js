import { registry } from "@web/core/registry";

// A promoter opens My day on a phone, checks in at today's visit (the phone's position is
// stubbed: the test browser has none), logs it done and sees today's contacts go up (R-W1, R-W3).
registry.category("web_tour.tours").add("hospital_marketing_my_day_phone", {
    url: "/odoo/my-day",
    steps: () => [
        {
            content: "My day counts no doctor contacted yet",
            trigger: ".o_hm_my_day .o_hm_contacts_count:contains(0 / 3)",
        },
        {
            content: "The big actions are there",
            trigger: ".o_hm_my_day .o_hm_my_day_action[data-key=log_visit]",
        },
        {
            content: "Open today's visit",
            trigger: ".o_hm_my_day .o_hm_my_day_visit:contains(Tour Clinic)",
            run: "click",
        },
        {
            content: "Check in with one tap",
            trigger: ".o_form_view button.o_hm_check_in",
            run(helpers) {
                navigator.geolocation.getCurrentPosition = (success) =>
                    success({
                        coords: { latitude: 28.2003, longitude: 112.942, accuracy: 9 },
                        timestamp: Date.now(),
                    });
                return helpers.click();
            },
        },
        {
            content: "The visit is checked in: it can be checked out",
            trigger: ".o_form_view button.o_hm_check_out",
        },
        {
            content: "Log it done",
            trigger: ".o_form_view button[name=action_done]",
            run: "click",
        },
        {
            content: "The visit is done",
            trigger: ".o_form_view:not(:has(button[name=action_done])) .o_hm_visit_checkin",
        },
        {
            content: "Back to My day",
            trigger: ".o_breadcrumb .o_back_button, .o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "The count moved",
            trigger: ".o_hm_my_day .o_hm_contacts_count:contains(1 / 3)",
        },
    ],
});

// The visits open as cards on a phone; the card checks in with one tap too. The phone refuses
// its position here: the visit says so, nothing is guessed (R-W1).
registry.category("web_tour.tours").add("hospital_marketing_visit_card_refused", {
    url: "/odoo/marketing-visits",
    steps: () => [
        {
            content: "Check in from the visit's card; the phone refuses its position",
            trigger: ".o_kanban_record:contains(Card Clinic) button.o_hm_check_in",
            run(helpers) {
                navigator.geolocation.getCurrentPosition = (success, error) =>
                    error({ code: 1, message: "User denied Geolocation" });
                return helpers.click();
            },
        },
        {
            // the red check-in badge (its label is the user's language: 拒绝定位 in Chinese);
            // the test then reads the status stored: denied
            content: "The card says the position was refused",
            trigger:
                ".o_kanban_record:contains(Card Clinic) [name=checkin_status] .badge.text-bg-danger",
        },
        {
            content: "and offers to try again or to check out",
            trigger: ".o_kanban_record:contains(Card Clinic):has(button.o_hm_check_in) button.o_hm_check_out",
        },
    ],
});
