"""What ``load_demo_store`` prints last: where the sandbox serves and every demo login.

It comes after the demo's e-mails (printed to the console), so the logins are on screen
when ``runserver`` starts.
"""

from sandbox.store.demo import pages, staff


def banner(base_url):
    """The closing text for a sandbox serving at ``base_url`` (``http://host:port``)."""
    base = base_url.rstrip("/")
    password = staff.staff_password()
    return "\n".join(
        [
            "",
            f"Contex Indonesia Store sandbox on {base}/",
            f"  API:        {base}/api/   (docs: {base}/api/docs/, schema: {base}/api/schema/)",
            f"  Dashboard:  {base}/dashboard/",
            f"  CMS:        {base}/cms/",
            f"  Help pages: {base}/api/cms/v2/pages/",
            "Logins (e-mail or username / password):",
            f"  staff (dashboard and CMS): {staff.STAFF_EMAIL} or '{staff.STAFF_USERNAME}'"
            f" / {password}",
            f"  editor (CMS, submits for moderation): {pages.EDITOR_EMAIL} or "
            f"'{pages.EDITOR_USERNAME}' / {password}",
            "",
        ]
    )
