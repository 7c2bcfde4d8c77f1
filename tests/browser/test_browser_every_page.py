"""Every generated page of the example site, loaded in Chromium (the walk is done once, in the
`site_walk` fixture; each test below reads one kind of problem from it)."""


def pages_with(site_walk, read) -> str:
    """One line per problem found, with the page it is on; empty when there is none."""
    return "\n".join(f"{path or '(home)'}: {item}" for path, load in site_walk.items() for item in read(load))


def test_the_walk_covers_every_page_of_the_site(site_walk):
    assert {"", "people/", "readings/", "diffusion-seminar-2025/", "404.html"} <= set(site_walk)


def test_no_page_makes_a_third_party_request_on_load(site_walk):
    # Fonts, math and scripts come from the site itself; videos stay facades until clicked.
    assert pages_with(site_walk, lambda load: load.blocked_requests) == ""


def test_no_page_logs_a_console_error(site_walk):
    assert pages_with(site_walk, lambda load: load.console_errors) == ""


def test_no_page_has_a_failed_same_origin_request(site_walk):
    assert pages_with(site_walk, lambda load: load.failed_requests) == ""


def test_no_page_shows_a_broken_image(site_walk):
    assert pages_with(site_walk, lambda load: load.broken_images) == ""


def test_no_page_links_to_a_missing_page_or_file(site_walk):
    assert pages_with(site_walk, lambda load: load.missing_link_targets) == ""


def test_every_page_has_a_content_security_policy_that_runs_no_script_it_does_not_name(site_walk):
    def weak(load):
        policy = load.policy or ""
        script = next((d for d in policy.split("; ") if d.startswith("script-src ")), "")
        return [] if script and "unsafe-inline" not in script and "unsafe-eval" not in script else [f"policy: {policy!r}"]

    assert pages_with(site_walk, weak) == ""


def test_no_page_violates_its_content_security_policy(site_walk):
    # Search, the palette, KaTeX, the schedule's script and the video facades all work under it.
    assert pages_with(site_walk, lambda load: load.policy_violations) == ""
