"""Helpers for each programme's main calls, mixed into `peerlink.Client`.

Each helper sends one request and returns the reply's message (the types in schema/peerlink.proto), or raises
`PeerlinkError` with the daemon's code, message and field. Keyword arguments left out take the daemon's defaults.
What a caller may do is decided by the daemon from the connection's token, never here.
"""


def reasons(reply, hit):
    """A link hit's reasons as text ("covers Mathematics", "same phase", "12 km", ...): the reply writes each
    phrase once, in `reply.reason_phrases`, and the hit lists positions in it (`hit.reason_indexes`)."""
    phrases = reply.reason_phrases
    return [phrases[i] if i < len(phrases) else f"reason {i} missing from the reply" for i in hit.reason_indexes]


def _given(**fields):
    """The keyword arguments that were given (not None): proto3 leaves the rest at the daemon's defaults."""
    return {k: v for k, v in fields.items() if v is not None}


class Directory:
    """Schools, areas, nominations and tokens."""

    def school(self, urn):
        """One school by URN (an old URN finds its successor)."""
        return self.call("school_get", urn=urn)

    def search_schools(self, text, limit=None):
        """Schools by words of the name, or a URN; a SchoolList."""
        return self.call("school_search", **_given(text=text, limit=limit)).schools

    def areas(self, kind=None):
        """The area taxonomy (subjects, themes, standards)."""
        return self.call("area_list", **_given(kind=kind)).areas

    def nominate(self, urn, name, email, role, areas, consent=True, capacity=None, modes=None):
        """Nominates a member of staff at school `urn`. `areas` maps an area (id, name or alias) to the strength
        statement, or is a list of areas. Returns the NominationView."""
        if isinstance(areas, dict):
            items = [dict(area=a, strength=s or "") for a, s in areas.items()]
        else:
            items = [dict(area=a) for a in areas]
        return self.call("nomination_create", **_given(
            urn=urn, name=name, email=email, role=role, areas=items, consent=consent, capacity=capacity,
            modes=modes)).nomination

    def nominations(self, urn, include_withdrawn=False):
        """A school's nominations."""
        return self.call("nomination_list", urn=urn, include_withdrawn=include_withdrawn).nominations

    def withdraw_nomination(self, nomination_id):
        return self.call("nomination_withdraw", id=nomination_id).nomination

    def create_token(self, role, person_id=None, expires_at=None, label=""):
        """A token for TCP clients (admin); the secret is in the reply's `secret`, shown once."""
        return self.call("token_create", **_given(role=role, person_id=person_id, expires_at=expires_at, label=label))

    def revoke_token(self, token_id):
        return self.call("token_revoke", id=token_id)


class Links:
    """School-to-school links: match, request, link, close, coverage."""

    def match_link(self, urn, area, mode="", max_km=None, related=False, cross_phase=False, limit=0, weights=None):
        """Ranks nominees who could help school `urn` in `area`; returns a LinkMatchReply (hits best first, each
        with nominee, school, distance_km, total and scores; `reasons(reply, hit)` gives a hit's reasons as text).
        `weights` overrides components by name."""
        return self.call("link_match", **_given(
            urn=urn, area=area, mode=mode, max_km=max_km, related=related, cross_phase=cross_phase, limit=limit,
            weights=weights))

    def request_link(self, urn, area, notes="", mode=""):
        """Records school `urn`'s request for help in `area` (a head: their own school only)."""
        return self.call("link_request", urn=urn, area=area, notes=notes, mode=mode)

    def link_create(self, nomination, request=None, urn=0, area="", notes="", mode="", related=False,
                    cross_phase=False, max_km=None):
        """Links a request (`request`), or school `urn` in `area` straight from a match, to nomination
        `nomination`; returns the LinkView (both schools' names, the nominee, the nomination's load). The match's
        hard rules apply: `cross_phase` and `max_km` as the match was asked."""
        fields = dict(nomination_id=nomination, urn=urn, area=area, notes=notes, mode=mode, related=related,
                      cross_phase=cross_phase)
        if max_km is not None:
            fields["max_km"] = max_km
        if request is not None:
            fields["request_id"] = request
        return self.call("link_create", **fields)

    def links(self, urn=None, open_only=False):
        """Requests and links, of one school (either side) or all."""
        return self.call("link_list", **_given(urn=urn, open_only=open_only))

    def close_link(self, link_id, outcome=""):
        return self.call("link_close", id=link_id, outcome=outcome)

    def coverage(self, phase="", by="la"):
        """Per area and LA (or region): nominations that could take a link today against open requests
        (`groups`), the LAs with none (`groups_with_none`), and the areas asked for that nobody offers
        (`asked_with_none`)."""
        return self.call("coverage_report", phase=phase, by=by)


class PeerSupport:
    """Headteacher peer support: people, supporters, requests, matching, engagements, feedback."""

    def create_person(self, name, email, urn, role, headship_start="", npqh=""):
        """A head, nominee or supporter (admin); `headship_start` as YYYY-MM-DD, `npqh` completed | in-progress |
        none. Returns the PersonView."""
        return self.call("person_create", person=dict(
            name=name, email=email, urn=urn, role=role, headship_start=headship_start, npqh=npqh))

    def create_supporter(self, person_id, summary, skills, regions_served, training_completed="",
                         coaching_record="", knows_local_processes=True, recorded_inspection="", capacity=0):
        """A peer supporter's profile (admin); eligibility is worked out by the daemon and explained."""
        return self.call("supporter_create", profile=dict(
            person_id=person_id, summary=summary, skills=list(skills), regions_served=list(regions_served),
            training_completed=training_completed, coaching_record=coaching_record,
            knows_local_processes=knows_local_processes, recorded_inspection=recorded_inspection, capacity=capacity))

    def support_request(self, head_id, concerns=None, mode=""):
        """A head asks for a cycle of peer support (concerns default to the head's open targets)."""
        return self.call("support_request", head_id=head_id, concerns=list(concerns or []), mode=mode)

    def supporter_match(self, request_id, limit=None, strict_la=False, max_distance_km=None, weights=None):
        """Ranked supporter profiles for a support request, with the excluded and why."""
        return self.call("supporter_match", **_given(
            request_id=request_id, limit=limit, strict_la=strict_la, max_distance_km=max_distance_km,
            weights=weights))

    def decline_supporter(self, request_id, supporter_id):
        return self.call("support_decline", request_id=request_id, supporter_id=supporter_id)

    def choose_supporter(self, request_id, supporter_id, strict_la=False):
        """Starts the engagement with the chosen supporter; returns the EngagementView."""
        return self.call("engagement_start", request_id=request_id, supporter_id=supporter_id, strict_la=strict_la)

    def record_meeting(self, engagement_id, start, minutes, mode="online"):
        """Records a meeting (`start` as YYYY-MM-DDTHH:MM); the cycle's boundary rules refuse with the reason."""
        return self.call("engagement_meeting", engagement_id=engagement_id, start=start, minutes=minutes, mode=mode)

    def close_engagement(self, engagement_id, date=""):
        return self.call("engagement_close", engagement_id=engagement_id, date=date)

    def give_feedback(self, engagement_id, rating, comment="", share=False):
        """The head's feedback on a cycle; the supporter sees it only when `share` is true."""
        return self.call("engagement_feedback", engagement_id=engagement_id, rating=rating, comment=comment,
                         share=share)

    def engagements(self):
        """The engagements this token may see."""
        return self.call("engagement_list").engagements

    def qa_report(self):
        """The anonymous quality report (admin)."""
        return self.call("report_qa")

    def calendar(self, person_id=0):
        """One person's engagement meetings and cohort sessions as events (uid, start in England's time, minutes,
        summary, kind), naming no one; `person_id` 0 is the token's own person. Heads and supporters reach only
        their own; admins anyone's."""
        return self.call("person_calendar", person_id=person_id).events


class Cohorts:
    """Early-headship cohorts and their groups."""

    def create_cohort(self, name, start, cap=None, min_group_size=None, max_group_size=None):
        return self.call("cohort_create", **_given(
            name=name, start=start, cap=cap, min_group_size=min_group_size, max_group_size=max_group_size))

    def cohort_apply(self, cohort, person_id):
        """A head applies to a cohort (a head's token only for itself)."""
        return self.call("cohort_apply", cohort=cohort, person_id=person_id)

    def form_groups(self, cohort, seed=0, keep=False, dry_run=False):
        """Forms the cohort's groups (maximising the worst group); `dry_run` stores nothing."""
        return self.call("cohort_plan" if dry_run else "cohort_form", cohort=cohort, seed=seed, keep=keep)

    def cohort(self, cohort):
        return self.call("cohort_get", cohort=cohort)


class Operations:
    """Status and the audit log."""

    def stats(self):
        """Uptime, connections, entity counts, requests and latency per operation (like Redis INFO)."""
        return self.call("stats")

    def audit(self, limit=None, person_id=None, operation=""):
        """The most recent audit entries (admin)."""
        return self.call("audit_list", **_given(limit=limit, person_id=person_id, operation=operation)).entries
