from odoo.tests import HttpCase, tagged

from .magazine_common import MagazineCase


@tagged("post_install", "-at_install")
class TestMagazineTours(MagazineCase, HttpCase):
    """R-M2 in the browser: a squad member confirms a drop with a photo on a 390 px phone."""

    browser_size = "390x844"
    touch_enabled = True

    def test_member_confirms_a_drop_with_a_photo_on_a_phone(self):
        self._printed_issue()
        task = self._task(planned=(500,), assign=False)
        task.line_ids.with_user(self.user_mag_leader).address = "东湖社区居委会"
        task.with_user(self.user_mag_leader).action_assign()
        self.start_tour(
            "/odoo/magazine-drops",
            "hospital_marketing_magazine_drop_phone",
            login="hm_mag_promoter",
        )
        line = task.line_ids
        self.assertEqual(line.state, "done")
        self.assertEqual(line.qty_handed_out, 450)
        self.assertEqual(line.done_user_id, self.user_mag_promoter)
        self.assertTrue(line.photo)
        self.assertTrue(line.photo_datetime)
        self.assertAlmostEqual(line.latitude, 28.1961, places=4)
        self.assertAlmostEqual(line.longitude, 113.0209, places=4)
        self.assertEqual(self.issue.copies_handed_out, 450)
