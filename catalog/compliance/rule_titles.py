"""Each rule's title as a person reads it, in English and Norwegian bokmål, beside the rule table.

Kept apart from ``rules.py`` so a translation changes no rule; a test checks every rule id has both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from catalog.compliance import rules as r

Lang = Literal["en", "nb"]


@dataclass(frozen=True)
class RuleTitle:
    en: str
    nb: str

    def get(self, lang: Lang) -> str:
        return self.nb if lang == "nb" else self.en


TITLES: dict[str, RuleTitle] = {
    r.NO_SAFEGUARD: RuleTitle(
        "Transfer outside the EEA with no safeguard", "Overføring ut av EØS uten overføringsgrunnlag"
    ),
    r.ONWARD_NO_SAFEGUARD: RuleTitle(
        "Onward transfer by a sub-processor with no safeguard",
        "Videreoverføring fra underdatabehandler uten overføringsgrunnlag",
    ),
    r.SAFEGUARD_EXPIRED: RuleTitle(
        "Safeguard not in force on the date", "Overføringsgrunnlaget gjelder ikke på datoen"
    ),
    r.SAFEGUARD_INVALIDATED: RuleTitle(
        "Relies on an invalidated adequacy decision",
        "Bygger på en ugyldiggjort beslutning om tilstrekkelig beskyttelse",
    ),
    r.SAFEGUARD_UNRECOGNISED: RuleTitle(
        "Safeguard does not apply to the destination", "Overføringsgrunnlaget gjelder ikke for mottakerlandet"
    ),
    r.SCC_REPEALED: RuleTitle("Repealed standard contractual clauses", "Opphevede standard personvernbestemmelser"),
    r.SCC_MODULE_MISMATCH: RuleTitle("SCC module does not match the roles", "SCC-modulen passer ikke til rollene"),
    r.DPF_NOT_CERTIFIED: RuleTitle(
        "Relies on the Data Privacy Framework without a valid certification",
        "Bygger på Data Privacy Framework uten gyldig sertifisering",
    ),
    r.UNKNOWN_DESTINATION: RuleTitle("Where the data goes is unknown", "Ukjent hvor opplysningene behandles"),
    r.DEROGATION_SYSTEMATIC: RuleTitle(
        "Art. 49 derogation used for a regular transfer", "Unntak etter art. 49 brukt for jevnlig overføring"
    ),
    r.TIA_INADEQUATE: RuleTitle(
        "Transfer impact assessment found the safeguard ineffective",
        "Vurderingen av overføringen fant grunnlaget utilstrekkelig",
    ),
    r.TIA_MISSING: RuleTitle(
        "No transfer impact assessment recorded", "Ingen vurdering av overføringen (TIA) registrert"
    ),
    r.TIA_OUTDATED: RuleTitle(
        "Transfer impact assessment is out of date", "Vurderingen av overføringen (TIA) er utdatert"
    ),
    r.SCC_DETAILS_MISSING: RuleTitle(
        "SCC details missing (decision, module or signing date)",
        "SCC-opplysninger mangler (beslutning, modul eller signeringsdato)",
    ),
    r.STALE_SAFEGUARD: RuleTitle(
        "An outdated safeguard is still recorded", "Et utdatert overføringsgrunnlag er fortsatt registrert"
    ),
    r.PROCESSOR_NO_DPA: RuleTitle("No data processing agreement recorded", "Ingen databehandleravtale registrert"),
    r.NO_LEGAL_BASIS: RuleTitle("No legal basis recorded", "Ikke registrert behandlingsgrunnlag"),
    r.SPECIAL_CATEGORY_NO_CONDITION: RuleTitle(
        "Special categories without an Art. 9 condition",
        "Særlige kategorier uten vilkår etter art. 9",
    ),
    r.CONSENT_NO_WITHDRAWAL: RuleTitle(
        "Consent with no way to withdraw it", "Samtykke uten mulighet til å trekke det tilbake"
    ),
    r.NO_RETENTION: RuleTitle("No retention rule recorded", "Ingen lagringstid registrert"),
    r.ADEQUACY_OUT_OF_SCOPE: RuleTitle(
        "Transfer outside the scope of the adequacy decision",
        "Overføring utenfor virkeområdet til beslutningen om tilstrekkelig beskyttelse",
    ),
    r.ADEQUACY_SCOPE_UNVERIFIED: RuleTitle(
        "Adequacy counted, but the importer's place in its scope is not recorded",
        "Tilstrekkelig beskyttelse lagt til grunn, men mottakerens plass i virkeområdet er ikke registrert",
    ),
    r.ESTABLISHMENT_UNKNOWN: RuleTitle(
        "Where a vendor with access is established is not known",
        "Ukjent hvor en leverandør med tilgang er etablert",
    ),
    r.DPA_REVIEW_OVERDUE: RuleTitle(
        "Data processing agreement past its review date", "Databehandleravtalen har passert datoen for gjennomgang"
    ),
    r.RECERTIFICATION_OVERDUE: RuleTitle(
        "Certification past its recertification date", "Sertifiseringen har passert fristen for resertifisering"
    ),
    r.ENTRY_REVIEW_OVERDUE: RuleTitle(
        "Register entry not reviewed within the review policy",
        "Oppføringen er ikke gjennomgått innen fristen i retningslinjene",
    ),
    r.FACT_TO_CONFIRM: RuleTitle(
        "Reading or assumption for the DPO to confirm",
        "Tolkning eller antakelse som personvernombudet bør bekrefte",
    ),
}


def rule_title(rule_id: str, lang: Lang = "en") -> str:
    """The rule's title in the language; a rule without a translation falls back to its id."""
    title = TITLES.get(rule_id)
    return title.get(lang) if title else rule_id
