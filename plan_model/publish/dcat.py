"""`dcat`: oppna-data/dcat.rdf, the DCAT-AP-SE description of the open data (SPEC §12).

dataportal.se harvests RDF/XML: one dcat:Dataset (title, description, publisher as a
foaf:Agent named by Kommun, issued = Beslutad, keywords from the strategy, the EU theme
Environment) and one dcat:Distribution per data file, with its IANA media type, EU file type,
licence (CC0 unless the Dokument field `Licens öppna data` says otherwise) and a download URL
relative to dcat.rdf itself, so the folder can be published anywhere as it is.

rdflib builds the graph and writes the RDF/XML; as rdflib's output order follows hash order,
the serialisation is then put in a fixed order (descriptions by subject, properties by name
and value) so that the same plan gives the same bytes.
"""
from __future__ import annotations

from lxml import etree

from .. import messages
from ..model import Plan
from .opendata import FOLDER

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
# -- licence names a strategist may write instead of a URL --
KNOWN_LICENCES = {
    "cc0": CC0,
    "cc0 1.0": CC0,
    "cc by 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc by": "https://creativecommons.org/licenses/by/4.0/",
    "cc by-sa 4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
}
ENVIRONMENT_THEME = "http://publications.europa.eu/resource/authority/data-theme/ENVI"
FILE_TYPES = {"csv": ("text/csv", "CSV"), "json": ("application/json", "JSON")}
IANA = "http://www.iana.org/assignments/media-types/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
# -- the subjects, relative to dcat.rdf (resolved against wherever it is published) --
DATASET = "#dataset"
PUBLISHER = "#utgivare"
LICENCE = "#licens"


def licence_uri(text: str) -> str | None:
    """The licence as a URI: CC0 when empty, a known name's URI, or the URL given; None for
    free text (it is then described by its name)."""
    text = " ".join(text.split())
    if not text:
        return CC0
    if text.lower() in KNOWN_LICENCES:
        return KNOWN_LICENCES[text.lower()]
    return text if text.startswith(("http://", "https://")) else None


def data_files() -> list[tuple[str, str]]:
    """(file name, kind) of each distribution, in the order opendata writes them."""
    return [(f"{stem}.{kind}", kind) for stem in ("atgarder", "aktiviteter")
            for kind in ("csv", "json")]


def dcat_graph(plan: Plan):
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, FOAF as FOAF_NS, RDF, RDFS, XSD

    dcat = Namespace(DCAT)
    meta = plan.metadata
    graph = Graph()
    graph.bind("dcat", dcat)
    graph.bind("dct", DCTERMS)
    graph.bind("foaf", FOAF_NS)
    dataset, publisher = URIRef(DATASET), URIRef(PUBLISHER)
    text = messages.OPEN_DATA
    graph.add((dataset, RDF.type, dcat.Dataset))
    graph.add((dataset, DCTERMS.title, Literal(
        text["title"].format(name=meta.document_name, municipality=meta.municipality),
        lang="sv")))
    graph.add((dataset, DCTERMS.description, Literal(text["description"].format(
        name=meta.document_name, municipality=meta.municipality, year=meta.year), lang="sv")))
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((publisher, RDF.type, FOAF_NS.Agent))
    graph.add((publisher, FOAF_NS.name, Literal(meta.municipality, lang="sv")))
    if meta.decided is not None:
        graph.add((dataset, DCTERMS.issued, Literal(meta.decided.isoformat(), datatype=XSD.date)))
    graph.add((dataset, DCTERMS.language,
               URIRef("http://publications.europa.eu/resource/authority/language/SWE")))
    graph.add((dataset, dcat.theme, URIRef(ENVIRONMENT_THEME)))
    for element in plan.strategy:
        graph.add((dataset, dcat.keyword, Literal(element.name, lang="sv")))
    licence = licence_uri(meta.open_data_licence)
    if licence is None:
        licence_node = URIRef(LICENCE)
        graph.add((licence_node, RDF.type, DCTERMS.LicenseDocument))
        graph.add((licence_node, RDFS.label, Literal(meta.open_data_licence, lang="sv")))
    else:
        licence_node = URIRef(licence)
    for name, kind in data_files():
        media_type, file_type = FILE_TYPES[kind]
        distribution = URIRef(f"#{name.replace('.', '-')}")
        graph.add((dataset, dcat.distribution, distribution))
        graph.add((distribution, RDF.type, dcat.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(text[f"file-{name}"], lang="sv")))
        graph.add((distribution, dcat.accessURL, URIRef(name)))
        graph.add((distribution, dcat.downloadURL, URIRef(name)))
        graph.add((distribution, dcat.mediaType, URIRef(IANA + media_type)))
        graph.add((distribution, DCTERMS.format, URIRef(EU_FILE_TYPE + file_type)))
        graph.add((distribution, DCTERMS.license, licence_node))
    return graph


def _ordered(xml: bytes) -> bytes:
    """rdflib's RDF/XML with its descriptions and their properties in a fixed order."""
    root = etree.fromstring(xml)
    about = f"{{{RDF_NS}}}about"

    def key(element):
        return (etree.QName(element).text, element.get(about) or "",
                sorted(element.attrib.items()), element.text or "")

    for description in root:
        properties = sorted(description, key=key)
        description[:] = properties
    root[:] = sorted(root, key=key)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8") + b"\n"


def dcat_bytes(plan: Plan) -> bytes:
    graph = dcat_graph(plan)
    return _ordered(graph.serialize(format="xml", encoding="utf-8"))


def dcat_outputs(plan: Plan) -> list[tuple[str, str, bytes]]:
    return [("dcat", f"{FOLDER}/dcat.rdf", dcat_bytes(plan))]

