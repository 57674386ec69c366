"""Schemathesis hooks for test/api/contract.test.ts: a client that follows the rules the OpenAPI document
gives in words, where JSON Schema cannot say them. Each changes a request only as such a client would;
Schemathesis checks the request again against the schema afterwards (a negative case stays negative).

- An Idempotency-Key names one request: a client sends a new one per request, never the document's
  placeholder on two. A key that is not valid is left as it is, so malformed keys are still tried.
- The rules an operation's description states ("Checked besides the schema"): the parties of an
  agreement and its directions, its dates in order, a manifest's tags once each, a discrepancy's
  direction between two parties, a missing-person case number and its party, the person's dates in
  order, and no date or time in the future (a field described "Not in the future").
"""

import datetime
import re
import uuid

import schemathesis

KEY = re.compile(r"^[A-Za-z0-9._:-]{8,128}\Z")
PARTY = re.compile(r"^[A-Z]{2,3}\Z")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
MISSING_PERSON = re.compile(r"^MP-[A-Z]{2,3}-(.+)\Z")


@schemathesis.hook
def before_call(context, case, **kwargs):
    for name, value in list((case.headers or {}).items()):
        if name.lower() == "idempotency-key" and isinstance(value, str) and KEY.match(value):
            case.headers[name] = f"contract-{uuid.uuid4()}"
    if not isinstance(case.body, dict):
        return
    for alternative in case.operation.body:
        _not_in_the_future(case.body, alternative.raw_schema)
    operation = case.operation.definition.raw.get("operationId")
    if operation in ("createOperation", "amendAgreement"):
        _agreement(case.body.get("agreement"))
    elif operation == "submitManifest":
        _tags_once(case.body)
    elif operation == "openMissingPersonCase":
        _missing_person(case.body)
    elif operation == "reportDiscrepancy":
        _two_parties(case.body.get("direction"))


def _not_in_the_future(value, schema):
    """Fields described "Not in the future" get a date of the past, in the same form."""
    if not isinstance(schema, dict):
        return
    if isinstance(value, dict):
        for name, inner in schema.get("properties", {}).items():
            if isinstance(value.get(name), str) and str(inner.get("description", "")).startswith("Not in the future"):
                value[name] = _past(value[name])
            else:
                _not_in_the_future(value.get(name), inner)
    elif isinstance(value, list):
        for item in value:
            _not_in_the_future(item, schema.get("items"))


def _past(text):
    try:
        if DATE.match(text):
            future = datetime.date.fromisoformat(text) > datetime.date.today()
            return "2000-01-01" if future else text
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        now = datetime.datetime.now(datetime.timezone.utc)
        return "2000-01-01T00:00:00Z" if moment.tzinfo and moment > now else text
    except ValueError:
        return text


def _agreement(agreement):
    if not isinstance(agreement, dict):
        return
    parties = agreement.get("parties")
    pair = isinstance(parties, list) and len(parties) == 2 and all(isinstance(p, dict) for p in parties)
    codes = [p.get("code") for p in parties] if pair else []
    if pair and all(isinstance(c, str) and PARTY.match(c) for c in codes):
        if codes[0] == codes[1]:
            codes[1] = "RU" if codes[0] != "RU" else "UA"
            parties[1]["code"] = codes[1]
        transfers = agreement.get("plannedTransfers")
        if isinstance(transfers, list):
            for i, transfer in enumerate(t for t in transfers if isinstance(t, dict)):
                transfer["from"], transfer["to"] = (codes[0], codes[1]) if i % 2 == 0 else (codes[1], codes[0])
    window = agreement.get("window")
    start, end = (window.get("start"), window.get("end")) if isinstance(window, dict) else (None, None)
    if _dates(start, end) and end < start:
        window["start"], window["end"] = end, start
        end = start
    concluded = agreement.get("concludedOn")
    if _dates(concluded, end) and concluded > end:
        agreement["concludedOn"] = end


def _two_parties(direction):
    if isinstance(direction, dict) and direction.get("from") == direction.get("to"):
        sender = direction.get("from")
        if isinstance(sender, str) and PARTY.match(sender):
            direction["to"] = "RU" if sender != "RU" else "UA"


def _tags_once(manifest):
    lines = manifest.get("lines")
    if not isinstance(lines, list):
        return
    seen, kept = set(), []
    for line in lines:
        tag = line.get("tag") if isinstance(line, dict) else None
        if isinstance(tag, str):
            if tag in seen:
                continue
            seen.add(tag)
        kept.append(line)
    manifest["lines"] = kept


def _missing_person(request):
    party, number = request.get("party"), request.get("caseNumber")
    found = MISSING_PERSON.match(number) if isinstance(number, str) else None
    if isinstance(party, str) and PARTY.match(party) and found:
        request["caseNumber"] = f"MP-{party}-{found.group(1)}"
    person = request.get("person")
    if isinstance(person, dict):
        born, last = person.get("dateOfBirth"), person.get("lastKnownDate")
        if _dates(born, last) and last < born:
            person["dateOfBirth"], person["lastKnownDate"] = last, born


def _dates(*values):
    return all(isinstance(v, str) and DATE.match(v) for v in values)
