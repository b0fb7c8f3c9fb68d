"""A synthetic knowledge graph shaped like SIDER 4.1, in pharmakg's own vocabulary.

SIDER 4.1 links 1,430 drugs to 5,868 side effects through about 140k drug–side-effect pairs,
and the popularity of effects is very skewed: nausea, headache or dizziness are listed for about
half of all drugs while most effects appear for a handful. :func:`synthesize` draws a graph with
the same shape so that analysis, queries and reasoning can be measured at realistic sizes:

* drug ``d`` has effect ``e`` with probability ``min(1, s_d * q_e)``, where the effect popularity
  ``q_e = q_max / (1 + rank_e / b) ** alpha`` is a power law (Zipf–Mandelbrot) whose most common
  effect is shared by ``q_max`` (half) of the drugs and ``b`` is solved so that the expected
  number of links is ``n_drugs * links_per_drug`` (≈ 97.7, SIDER's mean), and ``s_d`` is a
  log-normal per-drug multiplier (some drugs have long labels, some short ones);
* about a sixth of the drugs are dependence-forming and have withdrawal symptoms (drawn from the
  same popular effects, so effects are both side effects and withdrawal symptoms), every drug
  has one to four indications, one drug class, one mechanism, and a few interactions;
* every asserted triple has one evidence record (a second one for a few percent, as when two
  documents state the same fact) shaped like those ``kg build`` writes: document, verbatim quote
  with prefix/suffix, character offsets, and a severity qualifier on some side effects;
* the ontology part declares the synthetic terms as classes under ``pkg:Effect``,
  ``pkg:Condition`` ..., grouped into a two-level hierarchy, so a reasoner has work to do.

Everything is deterministic for ``(n_drugs, seed)``. Output is written as N-Triples lines (or
N-Quads in the project's named graphs) straight from strings, which is ~50× faster than adding
rdflib triples one by one: the full SIDER size (≈3M triples with full evidence) takes a few
seconds.

Typical uses::

    from kg.sources.synth import synthesize
    synth = synthesize(1000, seed=0)             # in-memory description, cheap
    synth.write("synth.nq")                      # named graphs like a build (ontology/asserted/evidence)
    synth.write("synth.nt", evidence="none")     # only ontology + asserted triples
    graph = synth.to_rdflib(evidence="none")     # rdflib Graph (small sizes or no evidence)
    store = synth.to_oxigraph()                  # pyoxigraph Store, loaded in bulk

>>> s = synthesize(30, seed=1)
>>> s.n_drugs, s.n_effects > 0, s.links[0].shape == s.links[1].shape
(30, True, True)
>>> synthesize(30, seed=1).digest() == s.digest()
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kg.vocab import GRAPH_ASSERTED, GRAPH_EVIDENCE, GRAPH_ONTOLOGY, PKG_IRI, PKGD_IRI

#: SIDER 4.1 sizes.
SIDER_DRUGS = 1430
SIDER_EFFECTS = 5868
SIDER_LINKS = 139_756

EVIDENCE_LEVELS = ("full", "none")

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCT = "http://purl.org/dc/terms/"
_PROV = "http://www.w3.org/ns/prov#"
_OA = "http://www.w3.org/ns/oa#"
_SDO = "http://schema.org/"

TYPE = f"<{_RDF}type>"
SYNTH_AGENT = f"<{PKGD_IRI}agent/software/kg-synth>"
SYNTH_ACTIVITY = f"<{PKGD_IRI}activity/synthesis>"
LABEL = f"<{_RDFS}label>"
SUBCLASS = f"<{_RDFS}subClassOf>"
DEFINITION = f"<{_SKOS}definition>"
OWL_CLASS = f"<{_OWL}Class>"
NAMED_INDIVIDUAL = f"<{_OWL}NamedIndividual>"


def _pkg(local: str) -> str:
    return f"<{PKG_IRI}{local}>"


def _pkgd(local: str) -> str:
    return f"<{PKGD_IRI}{local}>"


def _lit(text: str, lang: str | None = None) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def _typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{_XSD}{datatype}>'


# Names: the most popular synthetic effects carry the names of SIDER's most frequent effects so
# that tables read naturally; the rest are numbered.
_COMMON_EFFECT_NAMES = [
    "nausea", "headache", "dermatitis", "vomiting", "dizziness", "rash", "diarrhoea", "pruritus",
    "asthenia", "abdominal pain", "somnolence", "insomnia", "constipation", "dyspepsia",
    "fatigue", "anxiety", "hypotension", "urticaria", "dry mouth", "anorexia", "back pain",
    "chest pain", "infection", "pain", "fever", "tremor", "confusional state", "depression",
    "hypertension", "tachycardia", "oedema", "paraesthesia", "myalgia", "arthralgia",
    "dyspnoea", "flatulence", "nervousness", "agitation", "palpitations", "sweating increased",
]
_SYLLABLES_A = ["ba", "ce", "do", "fa", "ga", "hi", "ka", "lo", "me", "no", "pa", "qui", "ra",
                "se", "ta", "ve", "xa", "zo", "bri", "cla"]
_SYLLABLES_B = ["lan", "mer", "dol", "pir", "sen", "tor", "vel", "ron", "zan", "cur", "fen",
                "gal", "lis", "mox", "nat", "por", "rix", "sol", "tam", "xil"]
_CLASS_SUFFIXES = [("azepam", "synthetic benzodiazepine"), ("triptyline", "synthetic tricyclic"),
                   ("gabalin", "synthetic gabapentinoid"), ("pril", "synthetic ACE inhibitor"),
                   ("olol", "synthetic beta blocker"), ("statin", "synthetic statin"),
                   ("oxetine", "synthetic SSRI"), ("profen", "synthetic NSAID"),
                   ("mycin", "synthetic antibiotic"), ("sartan", "synthetic ARB"),
                   ("prazole", "synthetic proton pump inhibitor"), ("tidine", "synthetic H2 blocker")]


@dataclass
class Synthetic:
    """A synthetic graph held as index arrays; :meth:`write` and friends turn it into RDF.

    ``links`` are (drug index, effect index) arrays of drug–side-effect pairs; ``withdrawal``
    and ``indications`` likewise. ``severity`` gives per side-effect link 0 (none), 1
    (``pkg:Common``) or 2 (``pkg:Serious``). ``second_source`` marks links stated by a second
    document as well.
    """

    seed: int
    drugs: list[tuple[str, str]]           # (local name, label)
    effects: list[tuple[str, str]]
    conditions: list[tuple[str, str]]
    drug_classes: list[tuple[str, str, str]]  # (local, label, parent local)
    effect_groups: list[tuple[str, str]]
    mechanisms: list[tuple[str, str]]
    drug_class: np.ndarray
    drug_mechanism: np.ndarray
    effect_group: np.ndarray
    links: tuple[np.ndarray, np.ndarray]
    severity: np.ndarray
    second_source: np.ndarray
    withdrawal: tuple[np.ndarray, np.ndarray]
    indications: tuple[np.ndarray, np.ndarray]
    interactions: tuple[np.ndarray, np.ndarray]
    _digest: str = field(default="", repr=False)

    @property
    def n_drugs(self) -> int:
        return len(self.drugs)

    @property
    def n_effects(self) -> int:
        return len(self.effects)

    @property
    def n_links(self) -> int:
        return int(self.links[0].size)

    def digest(self) -> str:
        """A hash of the drawn arrays: equal for equal ``(n_drugs, seed, ...)``."""
        if not self._digest:
            h = hashlib.sha256()
            for arr in (*self.links, self.severity, self.second_source, *self.withdrawal,
                        *self.indications, *self.interactions, self.drug_class):
                h.update(np.ascontiguousarray(arr).tobytes())
            self._digest = h.hexdigest()[:16]
        return self._digest

    # ----------------------------------------------------------------- RDF as lines
    def ontology_lines(self) -> Iterator[str]:
        """Schema and term declarations (what the ontology named graph holds)."""
        yield f"<https://w3id.org/pharmakg/ontology> {TYPE} <{_OWL}Ontology> ."
        schema = [("Drug", "drug", None), ("DrugCombination", "drug combination", None),
                  ("Effect", "effect", None), ("Condition", "condition", None),
                  ("MechanismOfAction", "mechanism of action", None),
                  ("Severity", "severity", None), ("StatementContext", "statement context", None),
                  ("Document", "document", None), ("Evidence", "evidence record", None)]
        for local, label, parent in schema:
            yield f"{_pkg(local)} {TYPE} {OWL_CLASS} ."
            yield f"{_pkg(local)} {LABEL} {_lit(label, 'en')} ."
            yield f"{_pkg(local)} {DEFINITION} {_lit('Schema class (synthetic graph).', 'en')} ."
        for local, label in (("Common", "common"), ("Serious", "serious")):
            yield f"{_pkg(local)} {TYPE} {NAMED_INDIVIDUAL} ."
            yield f"{_pkg(local)} {TYPE} {_pkg('Severity')} ."
            yield f"{_pkg(local)} {LABEL} {_lit(label, 'en')} ."
            yield f"{_pkg(local)} {DEFINITION} {_lit('Severity qualifier.', 'en')} ."
        for prop, label in (("hasSideEffect", "has side effect"),
                            ("hasWithdrawalSymptom", "has withdrawal symptom"),
                            ("indicatedFor", "indicated for"), ("hasDrugClass", "has drug class"),
                            ("hasMechanism", "has mechanism"), ("interactsWith", "interacts with")):
            yield f"{_pkg(prop)} {TYPE} <{_OWL}ObjectProperty> ."
            yield f"{_pkg(prop)} {LABEL} {_lit(label, 'en')} ."
            yield f"{_pkg(prop)} {DEFINITION} {_lit('Statement relation.', 'en')} ."
        yield f"{_pkg('hasSideEffect')} <{_RDFS}range> {_pkg('Effect')} ."
        yield f"{_pkg('hasWithdrawalSymptom')} <{_RDFS}range> {_pkg('Effect')} ."
        yield f"{_pkg('indicatedFor')} <{_RDFS}range> {_pkg('Condition')} ."
        yield f"{_pkg('hasMechanism')} <{_RDFS}range> {_pkg('MechanismOfAction')} ."

        def declare_class(local: str, label: str, parent: str, definition: str) -> Iterator[str]:
            yield f"{_pkg(local)} {TYPE} {OWL_CLASS} ."
            yield f"{_pkg(local)} {SUBCLASS} {_pkg(parent)} ."
            yield f"{_pkg(local)} {LABEL} {_lit(label, 'en')} ."
            yield f"{_pkg(local)} {DEFINITION} {_lit(definition, 'en')} ."

        parents = sorted({p for _l, _lab, p in self.drug_classes})
        for parent in parents:
            yield from declare_class(parent, parent.replace("Synth", "synthetic ").lower(),
                                     "Drug", "Synthetic drug class group.")
        for local, label, parent in self.drug_classes:
            yield from declare_class(local, label, parent, "Synthetic drug class.")
        for local, label in self.effect_groups:
            yield from declare_class(local, label, "Effect", "Synthetic effect group.")
        groups = self.effect_group
        for i, (local, label) in enumerate(self.effects):
            yield from declare_class(local, label, self.effect_groups[groups[i]][0],
                                     "Synthetic adverse effect.")
        for local, label in self.conditions:
            yield from declare_class(local, label, "Condition", "Synthetic condition.")
        for local, label in self.mechanisms:
            yield from declare_class(local, label, "MechanismOfAction", "Synthetic mechanism.")
        for local, label in self.drugs:
            yield f"{_pkg(local)} {TYPE} {NAMED_INDIVIDUAL} ."
            yield f"{_pkg(local)} {TYPE} {_pkg('Drug')} ."
            yield f"{_pkg(local)} {LABEL} {_lit(label, 'en')} ."
            yield f"{_pkg(local)} {DEFINITION} {_lit('A synthetic drug.', 'en')} ."

    def statements(self) -> Iterator[tuple[int, str, str, str, int, bool]]:
        """Every asserted statement: (drug index, relation, object local name, sentence,
        severity code, stated twice), in a fixed order."""
        drugs, effects, conditions = self.drugs, self.effects, self.conditions
        for d in range(self.n_drugs):
            name = drugs[d][1].capitalize()
            cls = self.drug_classes[self.drug_class[d]]
            yield d, "hasDrugClass", cls[0], f"{name} is a {cls[1]}.", 0, False
            mech = self.mechanisms[self.drug_mechanism[d]]
            yield d, "hasMechanism", mech[0], f"{name} works by {mech[1]}.", 0, False
        severity_words = ("", "Common", "Serious")
        for (d, e, sev, twice) in zip(self.links[0].tolist(), self.links[1].tolist(),
                                      self.severity.tolist(), self.second_source.tolist()):
            words = f"{severity_words[sev].lower()} side effect" if sev else "side effect"
            yield (d, "hasSideEffect", effects[e][0],
                   f"A {words} of {drugs[d][1]} is {effects[e][1]}.", sev, bool(twice))
        for d, e in zip(self.withdrawal[0].tolist(), self.withdrawal[1].tolist()):
            yield (d, "hasWithdrawalSymptom", effects[e][0],
                   f"Stopping {drugs[d][1]} abruptly can cause {effects[e][1]}.", 0, False)
        for d, c in zip(self.indications[0].tolist(), self.indications[1].tolist()):
            yield (d, "indicatedFor", conditions[c][0],
                   f"{drugs[d][1].capitalize()} is used to treat {conditions[c][1]}.", 0, False)
        for a, b in zip(self.interactions[0].tolist(), self.interactions[1].tolist()):
            yield (a, "interactsWith", drugs[b][0],
                   f"{drugs[a][1].capitalize()} interacts with {drugs[b][1]}.", 0, False)

    def data_lines(self, evidence: str = "full") -> Iterator[tuple[str, str]]:
        """(graph, line) pairs of the data: asserted triples, documents, evidence records.

        ``evidence="full"`` writes evidence exactly as the build does (one record per stating
        document with quote, prefix, suffix and offsets); ``"none"`` writes asserted triples only
        (not valid against the evidence shape, but 20× smaller: for reasoning and query
        benchmarks).
        """
        if evidence not in EVIDENCE_LEVELS:
            raise ValueError(f"evidence must be one of {EVIDENCE_LEVELS}, not {evidence!r}")
        full = evidence == "full"
        asserted, ev_graph = "asserted", "evidence"
        statements = list(self.statements())
        # documents: one label per drug, plus a review per 50 drugs that restates some facts
        # (a second source). Texts are the statements' sentences joined by spaces, so quotes,
        # prefixes, suffixes and offsets are what a real document would give.
        doc_sentences: dict[str, list[str]] = {}
        placed: list[list[tuple[str, int]]] = []
        for d, _rel, _obj, sentence, _sev, twice in statements:
            where = []
            if full:
                for doc_id in [f"synth_{d:05d}"] + ([f"synth_review_{d // 50:04d}"] if twice else []):
                    sentences = doc_sentences.setdefault(doc_id, [])
                    where.append((doc_id, len(sentences)))
                    sentences.append(sentence)
            placed.append(where)
        doc_texts: dict[str, str] = {}
        doc_starts: dict[str, list[int]] = {}
        for doc_id, sentences in doc_sentences.items():
            doc_texts[doc_id] = " ".join(sentences)
            starts, pos = [], 0
            for sentence in sentences:
                starts.append(pos)
                pos += len(sentence) + 1
            doc_starts[doc_id] = starts
        prov_derived = f"<{_PROV}wasDerivedFrom>"
        from_doc = _pkg("fromDocument")
        # provenance as the build writes it, honestly: no person vouches for synthetic data; the
        # generator (a software agent) made it in one synthesis run
        curation = (f"{_pkg('curationStatus')} {_pkg('Synthetic')} .",
                    f"<{_PROV}wasAttributedTo> {SYNTH_AGENT} .",
                    f"<{_PROV}wasGeneratedBy> {SYNTH_ACTIVITY} .")
        if full:
            yield ev_graph, f"{SYNTH_AGENT} {TYPE} <{_PROV}Agent> ."
            yield ev_graph, f"{SYNTH_AGENT} {TYPE} <{_PROV}SoftwareAgent> ."
            yield ev_graph, f"{SYNTH_AGENT} {LABEL} {_lit('kg synth')} ."
            yield ev_graph, f"{SYNTH_ACTIVITY} {TYPE} <{_PROV}Activity> ."
            yield ev_graph, f"{SYNTH_ACTIVITY} <{_PROV}wasAssociatedWith> {SYNTH_AGENT} ."
            yield ev_graph, f"{SYNTH_ACTIVITY} {LABEL} {_lit('synthesis of a SIDER-shaped graph')} ."
        for (d, rel, obj, sentence, sev, _twice), where in zip(statements, placed):
            drug = _pkg(self.drugs[d][0])
            pred = _pkg(rel)
            obj_iri = _pkg(obj)
            yield asserted, f"{drug} {pred} {obj_iri} ."
            for doc_id, index in where:
                text = doc_texts[doc_id]
                start = doc_starts[doc_id][index]
                end = start + len(sentence)
                prefix = text[max(0, start - 32):start]
                suffix = text[end:end + 32]
                digest = hashlib.sha256(f"{doc_id}|{rel}|{obj}|{d}".encode()).hexdigest()[:16]
                ev_local = f"evidence/{doc_id}/{digest}"
                ev = _pkgd(ev_local)
                target, quote, position = (_pkgd(ev_local + "/target"), _pkgd(ev_local + "/quote"),
                                           _pkgd(ev_local + "/position"))
                doc = _pkgd(f"document/{doc_id}")
                yield ev_graph, f"{ev} {TYPE} {_pkg('Evidence')} ."
                yield ev_graph, f"{ev} {TYPE} <{_OA}Annotation> ."
                yield ev_graph, f"{ev} {TYPE} <{_PROV}Entity> ."
                yield ev_graph, f"{ev} <{_RDF}subject> {drug} ."
                yield ev_graph, f"{ev} <{_RDF}predicate> {pred} ."
                yield ev_graph, f"{ev} <{_RDF}object> {obj_iri} ."
                yield ev_graph, f"{ev} {from_doc} {doc} ."
                yield ev_graph, f"{ev} {prov_derived} {doc} ."
                yield ev_graph, f"{ev} <{_OA}hasTarget> {target} ."
                for predicate_object in curation:
                    yield ev_graph, f"{ev} {predicate_object}"
                if sev:
                    yield ev_graph, f"{ev} {_pkg('severity')} {_pkg(('', 'Common', 'Serious')[sev])} ."
                yield ev_graph, f"{target} {TYPE} <{_OA}SpecificResource> ."
                yield ev_graph, f"{target} <{_OA}hasSource> {doc} ."
                yield ev_graph, f"{target} <{_OA}hasSelector> {quote} ."
                yield ev_graph, f"{target} <{_OA}hasSelector> {position} ."
                yield ev_graph, f"{quote} {TYPE} <{_OA}TextQuoteSelector> ."
                yield ev_graph, f"{quote} <{_OA}exact> {_lit(sentence)} ."
                yield ev_graph, f"{quote} <{_OA}prefix> {_lit(prefix)} ."
                yield ev_graph, f"{quote} <{_OA}suffix> {_lit(suffix)} ."
                yield ev_graph, f"{position} {TYPE} <{_OA}TextPositionSelector> ."
                yield ev_graph, f"{position} <{_OA}start> {_typed(start, 'nonNegativeInteger')} ."
                yield ev_graph, f"{position} <{_OA}end> {_typed(end, 'nonNegativeInteger')} ."
        for doc_id in sorted(doc_texts):
            doc = _pkgd(f"document/{doc_id}")
            review = doc_id.startswith("synth_review_")
            if review:
                first = int(doc_id.rsplit("_", 1)[1]) * 50
                about = range(first, min(first + 50, self.n_drugs))
                title = f"Synthetic review of drugs {first} to {first + len(about) - 1}"
            else:
                about = [int(doc_id.rsplit("_", 1)[1])]
                title = f"Synthetic label of {self.drugs[about[0]][1]}"
            for cls in (_pkg("Document"), f"<{_PROV}Entity>", f"<{_SDO}WebPage>"):
                yield ev_graph, f"{doc} {TYPE} {cls} ."
            yield ev_graph, f"{doc} <{_DCT}identifier> {_lit(doc_id)} ."
            yield ev_graph, f"{doc} <{_DCT}title> {_lit(title)} ."
            yield ev_graph, f"{doc} <{_DCT}language> {_typed('en', 'language')} ."
            yield ev_graph, f"{doc} {_pkg('documentKind')} {_lit('synthetic document')} ."
            sha = hashlib.sha256(doc_texts[doc_id].encode()).hexdigest()
            yield ev_graph, f"{doc} {_pkg('sha256')} {_lit(sha)} ."
            for d in about:
                yield ev_graph, f"{doc} <{_SDO}about> {_pkg(self.drugs[d][0])} ."

    def lines(self, evidence: str = "full", quads: bool = False) -> Iterator[str]:
        """All lines of the graph as N-Triples (or N-Quads in the build's named graphs)."""
        graphs = {"ontology": f"<{GRAPH_ONTOLOGY}>", "asserted": f"<{GRAPH_ASSERTED}>",
                  "evidence": f"<{GRAPH_EVIDENCE}>"}
        if quads:
            onto = graphs["ontology"]
            for line in self.ontology_lines():
                yield f"{line[:-2]} {onto} ."
            for graph, line in self.data_lines(evidence):
                yield f"{line[:-2]} {graphs[graph]} ."
        else:
            yield from self.ontology_lines()
            for _graph, line in self.data_lines(evidence):
                yield line

    def write(self, path: Path | str, evidence: str = "full") -> int:
        """Write the graph to ``path``: N-Quads with named graphs for ``.nq``, else N-Triples.
        Returns the number of lines (triples) written."""
        from kg.atomic import atomic_open

        path = Path(path)
        quads = path.suffix == ".nq"
        count = 0
        with atomic_open(path) as handle:
            chunk: list[str] = []
            for line in self.lines(evidence, quads=quads):
                chunk.append(line)
                if len(chunk) >= 100_000:
                    handle.write("\n".join(chunk) + "\n")
                    count += len(chunk)
                    chunk.clear()
            if chunk:
                handle.write("\n".join(chunk) + "\n")
                count += len(chunk)
        return count

    def to_rdflib(self, evidence: str = "none"):
        """An rdflib Graph of ontology + data (slow beyond ~10⁵ triples: prefer ``evidence="none"``)."""
        from rdflib import Graph

        return Graph().parse(data="\n".join(self.lines(evidence)) + "\n", format="nt")

    def to_oxigraph(self, evidence: str = "full"):
        """A pyoxigraph Store holding the build's named graphs, bulk-loaded."""
        import pyoxigraph

        store = pyoxigraph.Store()
        data = ("\n".join(self.lines(evidence, quads=True)) + "\n").encode()
        store.bulk_load(data, format=pyoxigraph.RdfFormat.N_QUADS)
        return store


def _solve_scale(q_max: float, alpha: float, n_effects: int, target_sum: float) -> float:
    """The ``b`` of ``q_e = q_max / (1 + e/b)^alpha`` whose sum over effects is ``target_sum``."""
    ranks = np.arange(n_effects, dtype=np.float64)
    lo, hi = 1e-3, 1e6
    for _ in range(100):
        mid = (lo * hi) ** 0.5
        total = (q_max / (1.0 + ranks / mid) ** alpha).sum()
        if total < target_sum:
            lo = mid
        else:
            hi = mid
    return (lo * hi) ** 0.5


def _drug_names(n: int, class_of: np.ndarray) -> list[tuple[str, str]]:
    seen: dict[str, int] = {}
    names = []
    for i in range(n):
        a = _SYLLABLES_A[(i * 7) % len(_SYLLABLES_A)]
        b = _SYLLABLES_B[(i * 13 // len(_SYLLABLES_A)) % len(_SYLLABLES_B)]
        label = a + b + _CLASS_SUFFIXES[class_of[i] % len(_CLASS_SUFFIXES)][0]
        count = seen.get(label, 0)
        seen[label] = count + 1
        if count:
            label = f"{label}-{count + 1}"
        names.append((f"synth_drug_{i:05d}", label))
    return names


def synthesize(n_drugs: int = SIDER_DRUGS, seed: int = 0, *, n_effects: int | None = None,
               links_per_drug: float = SIDER_LINKS / SIDER_DRUGS, q_max: float = 0.55,
               alpha: float = 1.1, withdrawal_fraction: float = 0.15,
               second_source_fraction: float = 0.03) -> Synthetic:
    """Draw a SIDER-4.1-shaped graph of ``n_drugs`` drugs (deterministic for ``seed``).

    ``n_effects`` defaults to SIDER's 5,868 (at least 50). ``links_per_drug`` is the expected
    number of side effects per drug (SIDER: 97.7); ``q_max`` the share of drugs that have the
    most common effect; ``alpha`` the power-law exponent of effect popularity. Returns a
    :class:`Synthetic`; call ``.write(path)`` for a file ``kg analyze --graph`` reads, or
    ``.to_oxigraph()`` / ``.to_rdflib()`` for an in-memory graph.
    """
    if n_drugs < 2:
        raise ValueError("need at least two drugs")
    rng = np.random.default_rng(seed)
    n_effects = max(50, n_effects if n_effects is not None else SIDER_EFFECTS)
    links_per_drug = min(links_per_drug, n_effects * q_max * 0.5)
    b = _solve_scale(q_max, alpha, n_effects, links_per_drug)
    q = q_max / (1.0 + np.arange(n_effects) / b) ** alpha
    drug_scale = rng.lognormal(mean=0.0, sigma=0.6, size=n_drugs)
    drug_scale /= drug_scale.mean()

    rows, cols = [], []
    block = 256  # fixed, so the random stream does not depend on n_drugs
    for start in range(0, n_drugs, block):
        stop = min(start + block, n_drugs)
        probs = np.minimum(1.0, drug_scale[start:stop, None] * q[None, :])
        hit = rng.random((stop - start, n_effects)) < probs
        r, c = np.nonzero(hit)
        rows.append(r.astype(np.int32) + start)
        cols.append(c.astype(np.int32))
    link_d, link_e = np.concatenate(rows), np.concatenate(cols)
    # severity: rare effects are more often serious, frequent ones are "common"
    u = rng.random(link_d.size)
    popularity = q[link_e]
    severity = np.where(u < 0.02 + 0.2 * (1 - popularity / q_max) ** 4, 2,
                        np.where(u > 1 - popularity, 1, 0)).astype(np.int8)
    second = (rng.random(link_d.size) < second_source_fraction).astype(np.int8)

    n_conditions = max(20, n_drugs // 3)
    n_classes = max(4, min(60, n_drugs // 25))
    n_mechanisms = max(4, min(80, n_drugs // 18))
    drug_class = rng.integers(0, n_classes, size=n_drugs).astype(np.int32)
    drug_mechanism = rng.integers(0, n_mechanisms, size=n_drugs).astype(np.int32)

    # withdrawal: dependence-forming drugs, symptoms drawn from the popular effects
    dependent = np.flatnonzero(rng.random(n_drugs) < withdrawal_fraction)
    w_rows, w_cols = [], []
    wq = q[: min(400, n_effects)] / q[: min(400, n_effects)].sum()
    for d in dependent.tolist():
        k = int(rng.integers(4, 16))
        chosen = np.sort(rng.choice(wq.size, size=k, replace=False, p=wq))
        w_rows.append(np.full(k, d, dtype=np.int32))
        w_cols.append(chosen.astype(np.int32))
    withdrawal = ((np.concatenate(w_rows), np.concatenate(w_cols)) if w_rows
                  else (np.zeros(0, np.int32), np.zeros(0, np.int32)))

    cq = 1.0 / (1.0 + np.arange(n_conditions) / 5.0)
    cq /= cq.sum()
    i_rows, i_cols = [], []
    for d in range(n_drugs):
        k = int(rng.integers(1, 5))
        chosen = np.sort(rng.choice(n_conditions, size=k, replace=False, p=cq))
        i_rows.append(np.full(k, d, dtype=np.int32))
        i_cols.append(chosen.astype(np.int32))
    indications = (np.concatenate(i_rows), np.concatenate(i_cols))

    n_inter = n_drugs * 2
    a = rng.integers(0, n_drugs, size=n_inter)
    bb = rng.integers(0, n_drugs, size=n_inter)
    pairs = sorted({(int(x), int(y)) for x, y in zip(a, bb) if x != y})
    interactions = (np.array([p[0] for p in pairs], np.int32), np.array([p[1] for p in pairs], np.int32))

    effects = []
    for i in range(n_effects):
        label = _COMMON_EFFECT_NAMES[i] if i < len(_COMMON_EFFECT_NAMES) else f"synthetic effect {i:04d}"
        effects.append((f"SynthEffect{i:04d}", label))
    n_groups = max(5, min(300, n_effects // 20))
    effect_group = rng.integers(0, n_groups, size=n_effects).astype(np.int32)
    effect_groups = [(f"SynthEffectGroup{g:03d}", f"synthetic effect group {g:03d}")
                     for g in range(n_groups)]
    conditions = [(f"SynthCondition{i:04d}", f"synthetic condition {i:04d}")
                  for i in range(n_conditions)]
    drug_classes = []
    for c in range(n_classes):
        suffix, label = _CLASS_SUFFIXES[c % len(_CLASS_SUFFIXES)]
        drug_classes.append((f"SynthDrugClass{c:03d}", f"{label} {c:03d}",
                             f"SynthDrugClassGroup{c % len(_CLASS_SUFFIXES):02d}"))
    mechanisms = [(f"SynthMechanism{i:03d}", f"synthetic mechanism {i:03d}")
                  for i in range(n_mechanisms)]
    return Synthetic(seed=seed, drugs=_drug_names(n_drugs, drug_class), effects=effects,
                     conditions=conditions, drug_classes=drug_classes,
                     effect_groups=effect_groups, mechanisms=mechanisms, drug_class=drug_class,
                     drug_mechanism=drug_mechanism, effect_group=effect_group,
                     links=(link_d, link_e), severity=severity, second_source=second,
                     withdrawal=withdrawal, indications=indications, interactions=interactions)


def write_synthetic(path: Path | str, n_drugs: int = SIDER_DRUGS, seed: int = 0,
                    evidence: str = "full", **options) -> Synthetic:
    """Draw and write a synthetic graph in one call; returns the :class:`Synthetic`."""
    synth = synthesize(n_drugs, seed, **options)
    synth.write(path, evidence=evidence)
    return synth


__all__ = ["Synthetic", "synthesize", "write_synthetic", "SIDER_DRUGS", "SIDER_EFFECTS",
           "SIDER_LINKS", "EVIDENCE_LEVELS"]

