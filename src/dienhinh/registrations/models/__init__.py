"""Candidates with their facts and evidence; registrations, their entries, exemplars."""

from dienhinh.registrations.models.attestations import Attestation
from dienhinh.registrations.models.candidates import (
    AnnualRating,
    Candidate,
    CulturalFamilyYear,
    Discipline,
    Evidence,
    FieldMetric,
    Recognition,
    Violation,
)
from dienhinh.registrations.models.counts import (
    CandidateStatusCount,
    QuotaCount,
    QuotaCountChange,
    QuotaTypeCount,
)
from dienhinh.registrations.models.dossiers import Dossier, DossierKind
from dienhinh.registrations.models.privacy import Erasure, ErasureKind
from dienhinh.registrations.models.registrations import Entry, Exemplar, Registration

__all__ = [
    "AnnualRating",
    "Attestation",
    "Candidate",
    "CandidateStatusCount",
    "CulturalFamilyYear",
    "Discipline",
    "Dossier",
    "DossierKind",
    "Entry",
    "Erasure",
    "ErasureKind",
    "Evidence",
    "Exemplar",
    "FieldMetric",
    "QuotaCount",
    "QuotaCountChange",
    "QuotaTypeCount",
    "Recognition",
    "Registration",
    "Violation",
]
