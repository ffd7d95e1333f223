from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestModelNamesTranslated(TransactionCase):
    """The secret access trace names the kind of record in the reader's language, never the
    technical model name (``hospital.visit``)."""

    def test_trace_shows_the_translated_model_description(self):
        self.assertTrue(self.env["res.lang"]._lang_get("zh_CN"), "test databases load zh_CN")
        log = (
            self.env["hospital.secret.access.log"]
            .sudo()
            .create(
                {
                    "res_model": "hospital.visit",
                    "action": "read",
                    "user_id": self.env.uid,
                    "record_name": "V/0001",
                }
            )
        )
        self.assertEqual(log.with_context(lang="en_US").res_model_name, "Partner Visit or Call")
        zh = log.with_context(lang="zh_CN").res_model_name
        self.assertEqual(zh, "合作方拜访或电话跟进")
