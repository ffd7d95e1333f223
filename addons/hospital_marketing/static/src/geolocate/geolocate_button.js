import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

import { Component, useState } from "@odoo/owl";

/**
 * "Use my position": the phone's position (when the user allows it) fills the record's
 * latitude and longitude, e.g. where a drop point's photo was taken. The server validates the
 * values like any other input.
 */
export class GeolocateButton extends Component {
    static props = standardWidgetProps;
    static template = "hospital_marketing.GeolocateButton";

    setup() {
        this.notification = useService("notification");
        this.state = useState({ locating: false });
    }

    locate() {
        const geolocation = browser.navigator.geolocation;
        if (!geolocation) {
            this.notification.add(_t("This device gives no position."), { type: "warning" });
            return;
        }
        this.state.locating = true;
        geolocation.getCurrentPosition(
            async (position) => {
                this.state.locating = false;
                await this.props.record.update({
                    latitude: position.coords.latitude,
                    longitude: position.coords.longitude,
                });
            },
            () => {
                this.state.locating = false;
                this.notification.add(_t("The position was not allowed or not found."), {
                    type: "warning",
                });
            },
            { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
        );
    }
}

registry.category("view_widgets").add("hm_geolocate", { component: GeolocateButton });
