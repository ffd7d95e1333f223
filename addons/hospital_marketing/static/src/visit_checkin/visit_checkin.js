import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

import { Component, useState } from "@odoo/owl";

// the browser's GeolocationPositionError codes: 1 refused, 2 unavailable, 3 timed out
const DENIED = 1;

/**
 * Ask the browser for the phone's position, the way hr_attendance does, and resolve with
 * what the server records: a position with its accuracy and time, or the refusal or failure
 * with the browser's message. Never a guessed position.
 */
export function askPosition() {
    const geolocation = browser.navigator.geolocation;
    if (!geolocation) {
        return Promise.resolve({
            status: "unavailable",
            error: _t("This device gives no position."),
        });
    }
    return new Promise((resolve) => {
        geolocation.getCurrentPosition(
            (position) =>
                resolve({
                    status: "ok",
                    latitude: position.coords.latitude,
                    longitude: position.coords.longitude,
                    accuracy: position.coords.accuracy || 0,
                    timestamp: position.timestamp || Date.now(),
                }),
            (error) =>
                resolve({
                    status: error && error.code === DENIED ? "denied" : "unavailable",
                    error: (error && error.message) || "",
                }),
            { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
        );
    });
}

/**
 * Check in / check out at a visit with one tap (form and card): the position goes to the
 * /hospital_marketing/visit/position route, which checks that the caller is the visit's
 * promoter and records it.
 */
export class VisitCheckIn extends Component {
    static props = standardWidgetProps;
    static template = "hospital_marketing.VisitCheckIn";

    setup() {
        this.notification = useService("notification");
        this.state = useState({ busy: false });
    }

    get data() {
        return this.props.record.data;
    }

    get canCheckIn() {
        return (
            this.data.kind === "visit" &&
            ["planned", "started"].includes(this.data.state) &&
            this.data.checkin_status !== "ok"
        );
    }

    get canCheckOut() {
        return (
            this.data.kind === "visit" &&
            Boolean(this.data.checkin_status) &&
            this.data.checkout_status !== "ok" &&
            this.data.state !== "cancel"
        );
    }

    async onClick(kind, ev) {
        ev.stopPropagation();
        const record = this.props.record;
        if (record.isNew || record.dirty) {
            if (!(await record.save())) {
                return;
            }
        }
        this.state.busy = true;
        try {
            const position = await askPosition();
            const result = await rpc("/hospital_marketing/visit/position", {
                visit_id: record.resId,
                kind,
                ...position,
            });
            await record.load();
            this.notification.add(result.message, {
                type: result.status !== "ok" || result.far ? "warning" : "success",
            });
        } finally {
            this.state.busy = false;
        }
    }
}

registry.category("view_widgets").add("hm_visit_checkin", {
    component: VisitCheckIn,
    fieldDependencies: [
        { name: "kind", type: "selection" },
        { name: "state", type: "selection" },
        { name: "checkin_status", type: "selection" },
        { name: "checkout_status", type: "selection" },
    ],
});
