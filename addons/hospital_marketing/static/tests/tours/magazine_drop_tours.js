import { registry } from "@web/core/registry";

// a 2x2 PNG: the photo a distributor takes of the drop
const PHOTO =
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGM8ISfHwMDAxMDAwMDAAAANBAEIfXHKZgAAAABJRU5ErkJggg==";

async function attachPhoto(input) {
    const blob = await (await fetch(`data:image/png;base64,${PHOTO}`)).blob();
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(new File([blob], "drop.png", { type: "image/png" }));
    input.files = dataTransfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

// A member of a magazine squad confirms a drop with a photo on a phone (R-M2).
registry.category("web_tour.tours").add("hospital_marketing_magazine_drop_phone", {
    url: "/odoo/magazine-drops",
    steps: () => [
        {
            content: "Open the drop point of the day",
            trigger: ".o_kanban_record:contains(东湖社区居委会)",
            run: "click",
        },
        {
            content: "Say how many copies were left",
            trigger: "div[name=qty_handed_out] input",
            run: "edit 450",
        },
        {
            content: "Take the photo of the drop",
            trigger: "div[name=photo] input[type=file]:not(:visible)",
            async run() {
                await attachPhoto(this.anchor);
            },
        },
        {
            content: "The photo is there",
            trigger: "div[name=photo] img[src^='data:image/png']",
        },
        {
            // the phone allows its position: the test browser has none, it is stubbed here
            content: "Use the phone's position",
            trigger: "button.o_hm_geolocate",
            run(helpers) {
                navigator.geolocation.getCurrentPosition = (success) =>
                    success({ coords: { latitude: 28.1961, longitude: 113.0209 } });
                return helpers.click();
            },
        },
        {
            content: "The position is filled in",
            trigger: "div[name=latitude] input:value(28.1961000)",
        },
        {
            content: "Confirm the drop",
            trigger: "button[name=action_confirm_drop]",
            run: "click",
        },
        {
            content: "The drop is confirmed",
            trigger: ".o_form_saved:not(:has(button[name=action_confirm_drop])) div[name=done_datetime]",
        },
    ],
});
