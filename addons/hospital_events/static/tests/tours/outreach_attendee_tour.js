import { registry } from "@web/core/registry";

// A promoter on the event's team enters an attendee on a phone at the event (R-E3), with
// the attendee's consents (R-S4), marks them as needing care and turns them into a referral
// case in one tap (R-E4).
registry.category("web_tour.tours").add("hospital_events_outreach_attendee", {
    steps: () => [
        {
            content: "Open the event",
            trigger: ".o_kanban_record:contains(乔口镇巡回义诊)",
            run: "click",
        },
        {
            content: "Open the attendees of the event",
            trigger: ".o_form_view button[name=action_hm_open_attendees]",
            run: "click",
        },
        {
            content: "Add an attendee",
            trigger: ".o_kanban_view .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Type the attendee's name",
            trigger: ".o_form_view div[name=name] input",
            run: "edit 吴秀英",
        },
        {
            content: "Age band 60+",
            trigger: "div[name=hm_age_band] input[data-value=senior]",
            run: "click",
        },
        {
            content: "Type the village",
            trigger: "div[name=hm_place] input",
            run: "edit 乔口镇",
        },
        {
            content: "The attendee consents to be contacted",
            trigger: "div[name=hm_contact_consent] input",
            run: "click",
        },
        {
            content: "Type the phone",
            trigger: "div[name=phone] input",
            run: "edit 13655550188",
        },
        {
            content: "Screened",
            trigger: "div[name=hm_screened] input",
            run: "click",
        },
        {
            content: "What was screened",
            trigger: "div[name=hm_screening] input",
            run: "edit 血压",
        },
        {
            content: "The attendee consents to keep the health data",
            trigger: "div[name=hm_health_consent] input",
            run: "click",
        },
        {
            content: "Type the result",
            trigger: "div[name=hm_screening_result] textarea",
            run: "edit 血压 176/102",
        },
        {
            content: "Needs care",
            trigger: "div[name=hm_needs_care] input",
            run: "click",
        },
        {
            content: "Open the departments",
            trigger: "div[name=hm_department_id] input",
            run: "click",
        },
        {
            content: "Pick the department",
            trigger: ".modal .o_kanban_record:contains(心内科巡诊)",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "Turn the attendee into a referral case",
            trigger: ".o_form_saved button[name=action_hm_create_referral]",
            run: "click",
        },
        {
            content: "The case opens with its source event",
            trigger: ".o_form_view div[name=event_id]",
        },
    ],
});
