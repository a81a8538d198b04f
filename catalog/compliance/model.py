"""What the compliance engine produces: derived transfer hops and findings. Pure data."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from catalog.domain.base import CatalogModel
from catalog.domain.models import Safeguard, SupplementaryMeasure


class Severity(StrEnum):
    """How urgent a finding is, most severe first."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for critical ... 4 for info; lower is more severe."""
        return list(Severity).index(self)

    def at_least(self, threshold: Severity) -> bool:
        return self.rank <= threshold.rank


class TransferBasis(StrEnum):
    """What a third-country transfer hop rests on, on the as-of date: the ground the status is judged on.

    Not a status: a hop resting on SCCs can be valid, valid with details missing or (with an inadequate
    TIA) not valid. Surfaces show ``TransferStatus``; this says which Chapter V article carries the hop.
    """

    ADEQUATE = "adequate"  # an adequacy decision covers the destination (and importer, if partial)
    SAFEGUARDED = "safeguarded"  # a valid Art. 46/47 tool is in place
    DEROGATION = "derogation"  # an Art. 49 derogation, acceptable only for occasional transfers
    INVALID_SAFEGUARD = "invalid_safeguard"  # a tool is recorded but does not count on the date
    UNSAFEGUARDED = "unsafeguarded"  # no tool at all
    UNKNOWN_DESTINATION = "unknown_destination"  # the destination country is not known


class TransferStatus(StrEnum):
    """The one verdict on a transfer hop on a date (GDPR Chapter V, Art. 44-49), shown the same everywhere.

    The engine decides it once per hop and date (``engine.hop_status``); every page and export reads it
    from the hop, with its label and colour from ``status_words``.
    """

    VALID = "valid"  # adequacy (Art. 45), an Art. 46/47 tool with a current favourable TIA, or an occasional Art. 49
    VALID_DETAILS_MISSING = "valid_details_missing"  # counted, but cannot be verified: SCC decision/module, TIA, scope
    NOT_VALID = "not_valid"  # no tool, or it does not count: expired, repealed, invalidated, out of scope, ineffective
    DESTINATION_UNKNOWN = "destination_unknown"  # where the data goes is not known, so it cannot be judged

    @property
    def counts_as_valid(self) -> bool:
        """True for the statuses under which the transfer may go on (and so can break on a later date)."""
        return self in (TransferStatus.VALID, TransferStatus.VALID_DETAILS_MISSING)


class TransferHop(CatalogModel):
    """One hop on which personal data crosses from the EEA (or an unknown place) to a third country."""

    id: str = Field(description="Stable id: '<exporter>-><importer>@<country>'.")
    exporter: str = Field(description="Node id of the exporter: 'controller' or 'processor:<key>'.")
    exporter_name: str = Field(description="Display name of the exporter.")
    exporter_role: str = Field(
        description="'controller', 'processor', or 'controller_and_processor' when the hop carries both our own "
        "data and data we process for customers."
    )
    importer: str = Field(description="Node id of the importer (system, processor or recipient).")
    importer_name: str = Field(description="Display name of the importer.")
    importer_role: str = Field(description="'processor' or 'controller'.")
    country: str = Field(description="Destination country code, or 'unknown'.")
    onward: bool = Field(description="True when the exporter is itself a (sub-)processor (an onward transfer).")
    data_categories: list[str] = Field(description="Keys of the data categories that cross on this hop, sorted.")
    activities: list[str] = Field(description="Keys of the activities whose data crosses, sorted.")
    relationships: list[str] = Field(
        default_factory=list,
        description="Exporter -> importer roles on the hop (TransferRelationship values), sorted; "
        "they decide which SCC module fits.",
    )
    safeguards: list[Safeguard] = Field(default_factory=list, description="Tools recorded on the hop.")
    data_measures: list[SupplementaryMeasure] = Field(
        default_factory=list,
        description="Measures that travel with the data on the hop, e.g. end-to-end encryption of message content.",
    )
    mechanism: str | None = Field(
        default=None, description="Human label of the tool relied on, e.g. 'SCC 2021/914 module 2'."
    )
    basis: TransferBasis = Field(description="What the hop rests on (adequacy, a safeguard, a derogation, none).")
    status: TransferStatus = Field(description="The verdict on the as-of date; every surface shows this one.")
    status_reason: str = Field(description="Why the hop has its status: the ground, and what is missing or fails.")
    path: list[str] = Field(description="One shortest evidence path of node ids, from an activity to the country.")
    finding_ids: list[str] = Field(default_factory=list, description="Ids of the findings about this hop.")


class Finding(CatalogModel):
    """One rule violation with its evidence."""

    id: str = Field(description="Stable id: rule, subject and country hashed; same input, same id.")
    rule: str = Field(description="Stable rule id, e.g. 'transfer.no-safeguard'.")
    severity: Severity = Field(description="How urgent it is.")
    article: str = Field(description="The GDPR article breached, e.g. 'Art. 44, 46'.")
    message: str = Field(description="Plain statement of the problem, with a remediation hint.")
    subject: str = Field(description="Node id of the entity the finding is about.")
    country: str | None = Field(default=None, description="Destination country, for transfer findings.")
    data_categories: list[str] = Field(default_factory=list, description="Data categories concerned, sorted.")
    path: list[str] = Field(default_factory=list, description="Evidence path of node ids.")
    transfer: str | None = Field(default=None, description="Id of the transfer hop the finding is about, if any.")
    transfer_status: TransferStatus | None = Field(
        default=None, description="That hop's status on the as-of date (the same as on the hop)."
    )


class CheckReport(CatalogModel):
    """Everything the engine derives for one register on one date."""

    as_of: date = Field(description="The date the law was evaluated at.")
    transfers: list[TransferHop] = Field(description="Every third-country hop, sorted by id.")
    findings: list[Finding] = Field(description="Every finding, most severe first, then by rule and subject.")

    def summary(self) -> dict[str, int]:
        """Count of findings per severity, every severity present (zero included), most severe first."""
        return {severity.value: sum(1 for f in self.findings if f.severity == severity) for severity in Severity}
