"""The forms' help texts (each field's description in ``catalog.domain.models``), marked for translation.

The descriptions are the domain's; the forms show them through ``_()`` as each widget's help.
``tests/unit/test_forms.py`` fails when a form shows a description this list lacks.
"""

from __future__ import annotations

from catalog.app.language import N_

FIELD_HELP = (
    N_("'controller' (Art. 30(1) record) or 'processor' on behalf of customers (Art. 30(2))."),
    N_(
        "'period': min/max duration after the trigger; 'event': kept until the trigger; 'undetermined': "
        "no fixed period, decided by the stated criteria."
    ),
    N_("A transfer impact assessment is due for review this many months after it was made."),
    N_("An entry with a 'last_reviewed_on' date is due for review this many months after it."),
    N_("Art. 28(3) agreement, if recorded."),
    N_("Art. 6(1) bases as stated; empty means none recorded (a finding)."),
    N_("Art. 9(2) condition when special categories are processed."),
    N_("Automated decision-making incl. profiling (Art. 22), or null when none stated."),
    N_("Business function responsible."),
    N_("Business registry number."),
    N_("Certifications with their dates."),
    N_("City or town."),
    N_("Completion date."),
    N_("Country (ISO 3166-1 alpha-2) or 'unknown'."),
    N_("Country of establishment, or 'unknown'."),
    N_("Criminal convictions and offences data (Art. 10)."),
    N_("Criteria used when the period is undetermined."),
    N_("DPIA status (Art. 35)."),
    N_("Data-subject rights available for this activity."),
    N_("Date it was signed."),
    N_("Date the agreement is due for review."),
    N_("Date the assessment was completed or last reviewed."),
    N_("Date the contract or clauses were signed."),
    N_("Document id or link of the agreement."),
    N_("E-mail address."),
    N_("Event the period runs from, or until."),
    N_("First day the certification is valid."),
    N_("First day the safeguard applies."),
    N_("For derogations: whether the transfer is occasional (Art. 49 requires it)."),
    N_("For the Data Privacy Framework: the data certified, 'hr' and/or 'non_hr'; null when not recorded."),
    N_("For the processor role: the controllers on whose behalf we process."),
    N_("Free-text remark, e.g. what the source states."),
    N_("Further detail as stated by the source."),
    N_("How consent can be withdrawn (Art. 7(3)); needed with basis 6(1)(a)."),
    N_(
        "Human resources data collected in the context of employment; a DPF certification covers it only"
        " if certified for HR data."
    ),
    N_("Human-readable name."),
    N_("Its sub-processors, each with purpose, locations and safeguard."),
    N_("Joint controllers (Art. 26), if any."),
    N_("Key of a system or recipient the activity uses."),
    N_("Key of the broader category, if any."),
    N_("Key of the processor that operates it; null when run in-house."),
    N_("Key of the sub-processor (itself a processor in the register)."),
    N_("Keys of non-processor recipients."),
    N_("Keys of the data categories processed."),
    N_("Keys of the data-subject categories."),
    N_("Keys of the systems used."),
    N_("Kind of measure."),
    N_(
        "Kind of organisation (private business, public authority, academic or research body, press, "
        "religious or political body); 'unknown' when not stated."
    ),
    N_("Kinds of data some adequacy decisions exclude (UK immigration control, Korean credit information)."),
    N_(
        "Last day before which the organisation must recertify (the DPF: every year); after it the "
        "certification no longer counts unless a renewal is recorded."
    ),
    N_("Last day it is valid (inclusive); null if open."),
    N_("Last day the safeguard applies (inclusive)."),
    N_("Legal name of the controller."),
    N_("Legal name; 'unknown (...)' with a hint when the vendor is not named."),
    N_("Link or document id of the assessment."),
    N_("Link to the DPIA."),
    N_("Link to the programme's list entry."),
    N_("Link to the signed agreement."),
    N_("Maximum retention as an ISO 8601 duration (P10Y)."),
    N_("Measures supplementing the tool, e.g. end-to-end encryption."),
    N_(
        "Measures that protect this data on every hop that carries it, e.g. end-to-end encryption of "
        "message content (EDPB Recommendations 01/2020)."
    ),
    N_("Minimum retention as an ISO 8601 duration (P5Y)."),
    N_("Name or category of the recipient."),
    N_("Optional narrowing: which categories reach a given system or recipient (default: all)."),
    N_("Person or function name; empty when not stated."),
    N_("Postal address when it differs from the controller's."),
    N_("Postal code."),
    N_("Privacy, security, DPO and representative contacts."),
    N_("Programme id from the reference data, e.g. 'eu-us-dpf'."),
    N_("Public website."),
    N_("Purposes of the processing (Art. 30(1)(b))."),
    N_(
        "Reference-data id of the data protection law it is subject to (e.g. 'pipeda', 'appi', 'kr-"
        "pipa'); null when not stated."
    ),
    N_(
        "Reference-data id of the legal act: an SCC decision (e.g. 'scc-2021-914', 'scc-2010-87') or an "
        "adequacy decision (e.g. 'us-privacy-shield'); 'unknown' when the source does not say which."
    ),
    N_("Registered address."),
    N_("Retention rule (Art. 30(1)(f))."),
    N_("Review intervals; null means the defaults (12 months for TIAs and entries)."),
    N_("SCC 2021/914 module 1-4, or 'unknown' when not stated."),
    N_("Safeguards for a transfer to it."),
    N_("Safeguards for the transfer from the controller to this processor."),
    N_("Safeguards for this onward transfer."),
    N_("Section or heading within the document."),
    N_("Short name of the activity."),
    N_("Special category of personal data (Art. 9(1))."),
    N_("Street and number."),
    N_("Technical and organisational measures (Art. 30(1)(g), Art. 32)."),
    N_(
        "Technical and organisational security measures (Art. 32) protecting this system and the data it"
        " holds; each activity's Art. 30(1)(g) description lists them."
    ),
    N_(
        "Technical and organisational security measures (Art. 32) taken across the organisation; each "
        "activity's Art. 30(1)(g) description lists them."
    ),
    N_(
        "Technical and organisational security measures (Art. 32) the processor takes for the data it "
        "processes for us (Art. 28(3)(c)); each activity's Art. 30(1)(g) description lists them."
    ),
    N_("Telephone number."),
    N_("The Art. 49 derogation, for kind 'derogation'."),
    N_("The Art. 6(1) point."),
    N_("The assessment's conclusion."),
    N_("The categories that reach it."),
    N_("The document stating the fact, e.g. a privacy statement."),
    N_("The interest pursued; required for 6(1)(f) (Art. 13(1)(d))."),
    N_("The service, in a sentence."),
    N_("Transfer impact assessment, if any."),
    N_("Transfer tool (Art. 45, 46, 47 or 49)."),
    N_("Unique key, e.g. 'authorities'."),
    N_("Unique key, e.g. 'contact.email'."),
    N_("Unique key, e.g. 'hubspot'."),
    N_("Unique key, e.g. 'user-accounts'."),
    N_("Unique key, e.g. 'users'."),
    N_("Unique key, e.g. 'website'."),
    N_("What exactly is done."),
    N_("What it does."),
    N_("What kind of recipient it is."),
    N_("What kind of system it is."),
    N_("What the category covers."),
    N_("What the processor provides."),
    N_("What the sub-processor does."),
    N_("What this contact is for (privacy, security, DPO, EU representative)."),
    N_("When and why data is disclosed."),
    N_(
        "When someone last checked this entry against reality; null when never recorded. Older than the "
        "organisation's review policy, it is an overdue review."
    ),
    N_("Where it is hosted; ['unknown'] when not stated. Never empty."),
    N_("Where it processes the data; ['unknown'] when not stated. Never empty."),
    N_("Where the activity is stated."),
    N_("Where the category is stated."),
    N_("Where the data comes from (Art. 14(2)(f))."),
    N_("Where the processor is stated."),
    N_("Where the recipient is stated."),
    N_("Where the recipient receives the data; ['unknown'] when not stated."),
    N_("Where the safeguard is stated."),
    N_("Where the sub-processor processes the data for this engagement; empty means its own locations."),
    N_("Where the system is stated."),
    N_("Where these details come from."),
    N_("Whether a DPIA is required and how far it is."),
    N_("Whether a DPO (Art. 37) is appointed; null when the source does not say."),
    N_(
        "Whether disclosures are occasional (case by case) rather than systematic; null when the source "
        "does not say (then treated as systematic)."
    ),
    N_(
        "Whether the processor can access the data in the clear; a third-country entity that can is a "
        "transfer even with EEA storage (EDPB Guidelines 05/2021)."
    ),
    N_("Who belongs to the category."),
    N_("Why the basis applies, as stated."),
    N_("'stated', 'reading' (our interpretation) or 'assumption'."),
    N_(
        "Also a supplementary measure for transfers (EDPB Recommendations 01/2020): on a data category it "
        "travels with the data on every hop, on a safeguard it supplements the tool."
    ),
    N_("For a list field: the one value meant, e.g. 'email-service'; null means the whole field."),
    N_(
        "Measures taken for this transfer; those marked supplementary supplement the tool, e.g. end-to-end "
        "encryption. 'supplementary_measures' is read as measures marked supplementary."
    ),
    N_(
        "Measures that protect this data wherever it is (Art. 32); those marked supplementary travel with it "
        "on every hop that carries it, e.g. end-to-end encryption of message content (EDPB Recommendations "
        "01/2020). 'supplementary_measures' is read as measures marked supplementary."
    ),
    N_("The field the fact is in, e.g. 'systems'."),
    N_("The language the register's reports speak when no --lang is given (en or nb); null means English."),
    N_("The passage the reading rests on."),
    N_(
        "Which of this entry's facts are a reading of the source or an assumption rather than stated in it, "
        "each with a note and a source; a field (or one value of a list field) not listed here is stated by "
        "'source'."
    ),
    N_("Why: what the source says and what we read into it."),
    # transfer impact assessments (issue #32)
    N_("Countries the data reaches."),
    N_("Destination country (ISO 3166-1 alpha-2)."),
    N_("Free-text remark."),
    N_("Key of the country assessment step 3 builds on (shared by every TIA for the country)."),
    N_("Key of the importer: a processor, system or recipient."),
    N_("Keys of the activities covered; empty means every activity."),
    N_("Keys of the categories transferred."),
    N_("Keys of the importer's sub-processors."),
    N_("Laws and practice relevant to transfers."),
    N_("Public authorities' access to data."),
    N_("Redress available to data subjects."),
    N_("Sources relied on, with their dates."),
    N_("Sources the answer rests on (documents, links)."),
    N_("Step 1: format of the data transferred and how often."),
    N_("Step 4: measures and their effect."),
    N_("Step 5: procedural steps."),
    N_("Step 6: events that call for an earlier review."),
    N_("Step 6: when the TIA is due for review."),
    N_("Steps 1-2 as decided on: what the engine compares with the register now."),
    N_("Steps 3-6: answers to the guide's questions."),
    N_("The DPO's judgement: effective against the risks of step 3; null when not judged."),
    N_("The answer; null means not assessed yet."),
    N_("The country assessed (ISO 3166-1 alpha-2)."),
    N_("The date of this version."),
    N_("The decision; null while the TIA is a draft."),
    N_("The question's id in the TIA guide, e.g. 's3-access'."),
    N_("The transfers (importer x country) covered."),
    N_("Title of the assessment."),
    N_("Title, e.g. 'United States: public-authority access'."),
    N_("Unique key, e.g. 'country-us-2026'."),
    N_("Unique key, e.g. 'tia-hubspot-us'."),
    N_("What has to be done."),
    N_("When it is due for review; null means the review policy's TIA interval."),
    N_("When it was decided."),
    N_("When it was done; null while open."),
    N_("When the answer was written or last checked."),
    N_("Where the register records it: an entity key, 'organisation', or 'tia' when new."),
    N_("Who assessed."),
    N_("Who decided (name or role)."),
    N_("Why the DPO judges so."),
)
