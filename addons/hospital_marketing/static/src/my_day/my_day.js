import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

import { Component, onWillStart, useState } from "@odoo/owl";

/**
 * My day: the promoter's home on the phone. One call reads the user's own day
 * (``hospital.my.day.retrieve_my_day``): today's visits and calls in order, what is due,
 * today's contacts against the minimum, and the big actions. Upper addons add sections and
 * actions on the server; a section of an unknown type is shown as a title and its text.
 */
export class MyDay extends Component {
    static template = "hospital_marketing.MyDay";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ day: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.day = await this.orm.call("hospital.my.day", "retrieve_my_day", []);
    }

    progress(section) {
        if (!section.minimum) {
            return 100;
        }
        return Math.min(100, Math.round((100 * section.count) / section.minimum));
    }

    visitClass(item) {
        return {
            planned: "text-bg-info",
            started: "text-bg-warning",
            done: "text-bg-success",
        }[item.state] || "text-bg-secondary";
    }

    runAction(action) {
        return this.action.doAction(action.action);
    }

    openVisit(item) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            name: item.partner,
            res_model: "hospital.visit",
            res_id: item.id,
            views: [[false, "form"]],
        });
    }

    openDue(item) {
        if (!item.res_model) {
            return;
        }
        return this.action.doAction({
            type: "ir.actions.act_window",
            name: item.title,
            res_model: item.res_model,
            res_id: item.res_id || undefined,
            views: [[false, "form"]],
        });
    }

    get title() {
        return _t("My Day");
    }
}

registry.category("actions").add("hospital_marketing.my_day", MyDay);
