"""Country profiles: what a country calls its local government and its parts,
its coordination council, and the institutions a new actor map starts with.

Costa Rica is the default and follows the protocol (CCCI, cantón/distrito).
The others give a short national list to start from; the consultant adds the
local actors. Why data and not code: a new country is one more entry here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..lang import N_, _


@dataclass(frozen=True)
class Institution:
    id: str
    nombre: str  # may contain {canton}
    siglas: str | None
    sector: str  # see model.models.Sector
    nivel: str  # see model.models.Nivel


@dataclass(frozen=True)
class Examples:
    """The examples a new repository's comments and README show: each one a
    value of that country (a phone number, a neighbourhood, local
    organisations, actors of its actor map), never another country's."""

    phone: str  # in the country's format, with its calling code
    territory_id: str
    territory_name: str  # a sample prioritised territory (distrito, colonia, barrio, comuna)
    civil_society: str  # the civil-society actors an agreement integrates
    local_organisations: str  # what a secretariat adds to the actor map, lower case
    lead: str  # an actor id of the profile's institutions
    collaborators: tuple[str, str]  # two more


@dataclass(frozen=True)
class CountryProfile:
    code: str
    name: str
    region: str  # the level above the local government: provincia, estado…
    division: str  # the local government: cantón, municipio, comuna
    subdivision: str  # its parts: distrito, colonia, barrio, comuna
    subdivision_plural: str
    council_type: str
    council_name: str  # with {canton}
    institutions: tuple[Institution, ...]
    examples: Examples

    def council(self, canton: str) -> str:
        return self.council_name.format(canton=canton)


def _i(id: str, nombre: str, siglas: str | None, sector: str = "publico_nacional", nivel: str = "nacional") -> Institution:
    return Institution(id, nombre, siglas, sector, nivel)


COSTA_RICA = CountryProfile(
    code="CR",
    name="Costa Rica",
    region="provincia",
    division=N_("cantón"),
    subdivision=N_("distrito"),
    subdivision_plural=N_("distritos"),
    council_type="CCCI",
    council_name="Consejo Cantonal de Coordinación Institucional de {canton}",
    institutions=(
        _i("municipalidad", "Municipalidad de {canton}", None, "municipal", "cantonal"),
        _i("policia-municipal", "Policía Municipal de {canton}", None, "municipal", "cantonal"),
        _i("msp", "Ministerio de Seguridad Pública (Fuerza Pública)", "MSP"),
        _i("oij", "Organismo de Investigación Judicial", "OIJ"),
        _i("fiscalia", "Fiscalía (Ministerio Público)", None),
        _i("imas", "Instituto Mixto de Ayuda Social", "IMAS"),
        _i("ina", "Instituto Nacional de Aprendizaje", "INA"),
        _i("dinadeco", "Dirección Nacional de Desarrollo de la Comunidad", "DINADECO"),
        _i("ifam", "Instituto de Fomento y Asesoría Municipal", "IFAM"),
        _i("icd", "Instituto Costarricense sobre Drogas", "ICD"),
        _i("mideplan", "Ministerio de Planificación Nacional y Política Económica", "MIDEPLAN"),
        _i("invu", "Instituto Nacional de Vivienda y Urbanismo", "INVU"),
        _i("mep", "Ministerio de Educación Pública", "MEP"),
        _i("pani", "Patronato Nacional de la Infancia", "PANI"),
    ),
    examples=Examples(
        phone="+506 2000-0000",
        territory_id="san-miguel",
        territory_name="San Miguel",
        civil_society="Líderes comunales, Asociaciones de Desarrollo, grupos religiosos…",
        local_organisations="asociaciones de desarrollo, ONG, empresas…",
        lead="imas",
        collaborators=("ina", "dinadeco"),
    ),
)

MEXICO = CountryProfile(
    code="MX",
    name="México",
    region="estado",
    division=N_("municipio"),
    subdivision=N_("colonia"),
    subdivision_plural=N_("colonias"),
    council_type="Consejo Municipal de Seguridad Pública",
    council_name="Consejo Municipal de Seguridad Pública de {canton}",
    institutions=(
        _i("ayuntamiento", "Ayuntamiento de {canton}", None, "municipal", "cantonal"),
        _i("policia-municipal", "Policía Municipal de {canton}", None, "municipal", "cantonal"),
        _i("dif-municipal", "Sistema Municipal para el Desarrollo Integral de la Familia de {canton}", "DIF", "municipal", "cantonal"),
        _i("sspc", "Secretaría de Seguridad y Protección Ciudadana", "SSPC"),
        _i("guardia-nacional", "Guardia Nacional", None),
        _i("fiscalia-estatal", "Fiscalía General del Estado", None),
        _i("sesnsp", "Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública", "SESNSP"),
    ),
    examples=Examples(
        phone="+52 55 0000 0000",
        territory_id="la-esperanza",
        territory_name="La Esperanza",
        civil_society="Comités vecinales, organizaciones de la sociedad civil, grupos religiosos…",
        local_organisations="comités vecinales, ONG, empresas…",
        lead="dif-municipal",
        collaborators=("policia-municipal", "ayuntamiento"),
    ),
)

CHILE = CountryProfile(
    code="CL",
    name="Chile",
    region="región",
    division=N_("comuna"),
    subdivision=N_("barrio"),
    subdivision_plural=N_("barrios"),
    council_type="Consejo Comunal de Seguridad Pública",
    council_name="Consejo Comunal de Seguridad Pública de {canton}",
    institutions=(
        _i("municipalidad", "Municipalidad de {canton}", None, "municipal", "cantonal"),
        _i("carabineros", "Carabineros de Chile", None),
        _i("pdi", "Policía de Investigaciones de Chile", "PDI"),
        _i("fiscalia", "Ministerio Público (Fiscalía)", None),
        _i("spd", "Subsecretaría de Prevención del Delito", "SPD"),
        _i("senda", "Servicio Nacional para la Prevención y Rehabilitación del Consumo de Drogas y Alcohol", "SENDA"),
        _i("gendarmeria", "Gendarmería de Chile", None),
    ),
    examples=Examples(
        phone="+56 2 2000 0000",
        territory_id="villa-francia",
        territory_name="Villa Francia",
        civil_society="Juntas de vecinos, organizaciones comunitarias, grupos religiosos…",
        local_organisations="juntas de vecinos, ONG, empresas…",
        lead="municipalidad",
        collaborators=("senda", "carabineros"),
    ),
)

COLOMBIA = CountryProfile(
    code="CO",
    name="Colombia",
    region="departamento",
    division=N_("municipio"),
    subdivision=N_("comuna"),
    subdivision_plural=N_("comunas"),
    council_type="Consejo Municipal de Seguridad",
    council_name="Consejo Municipal de Seguridad de {canton}",
    institutions=(
        _i("alcaldia", "Alcaldía de {canton}", None, "municipal", "cantonal"),
        _i("personeria", "Personería de {canton}", None, "municipal", "cantonal"),
        _i("comisaria-familia", "Comisaría de Familia de {canton}", None, "municipal", "cantonal"),
        _i("policia-nacional", "Policía Nacional de Colombia", None),
        _i("fiscalia", "Fiscalía General de la Nación", None),
        _i("icbf", "Instituto Colombiano de Bienestar Familiar", "ICBF"),
        _i("mininterior", "Ministerio del Interior", None),
    ),
    examples=Examples(
        phone="+57 601 000 0000",
        territory_id="comuna-1",
        territory_name="Comuna 1",
        civil_society="Juntas de acción comunal, organizaciones sociales, grupos religiosos…",
        local_organisations="juntas de acción comunal, ONG, empresas…",
        lead="alcaldia",
        collaborators=("icbf", "policia-nacional"),
    ),
)

PROFILES: dict[str, CountryProfile] = {p.code: p for p in (COSTA_RICA, MEXICO, CHILE, COLOMBIA)}
DEFAULT_COUNTRY = "CR"

#: The strategy's axes a new repository starts with (those of the protocol's Desamparados strategy).
DEFAULT_AXES: tuple[tuple[str, str], ...] = (
    ("convivencia-paz-social", "Convivencia ciudadana y paz social"),
    ("promocion-salud", "Promoción de la salud"),
    ("desarrollo-local", "Desarrollo local"),
    ("ninez-adolescencia", "Niñez y adolescencia"),
)


#: Examples for a repository whose country has no profile (``pais: AR``): no
#: country's values, only placeholders.
NEUTRAL_EXAMPLES = Examples(
    phone="+000 0000 0000",
    territory_id="id-de-un-territorio",
    territory_name="Nombre del territorio",
    civil_society="Organizaciones comunitarias, grupos religiosos, ONG…",
    local_organisations="organizaciones comunitarias, ONG, empresas…",
    lead="id-de-un-actor",
    collaborators=("id-de-otro-actor", "id-de-otro-actor-mas"),
)


def examples_for(code: object) -> Examples:
    """The examples of a repository's country (``canton.yaml``'s ``pais``); neutral ones for a country without a profile."""
    found = PROFILES.get(str(code or DEFAULT_COUNTRY).strip().upper())
    return found.examples if found else NEUTRAL_EXAMPLES


def profile(code: str) -> CountryProfile:
    from ..errors import CoprodError

    key = code.strip().upper()
    if key not in PROFILES:
        known = ", ".join(f"{p.code} ({p.name})" for p in PROFILES.values())
        raise CoprodError(_("país desconocido «{code}»; use uno de: {known}").format(code=code, known=known))
    return PROFILES[key]
