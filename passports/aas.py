"""A passport of the machine-side pilots (machine building, electric motors) as an Asset Administration Shell
package (AASX, metamodel 3.0) with the Eclipse BaSyx Python SDK: three submodels after the IDTA templates

* Digital Nameplate for industrial equipment (IDTA 02006-2-0, semanticId
  https://admin-shell.io/zvei/nameplate/2/0/Nameplate) — checked element by element by aas-test-engines;
* Carbon Footprint (IDTA 02023-0-9, https://admin-shell.io/idta/CarbonFootprint/CarbonFootprint/0/9);
* Technical Data (IDTA 02003-1-2, https://admin-shell.io/ZVEI/TechnicalData/Submodel/1/2): general
  information and the pilot's public technical properties (no semantic ids of their own: ECLASS has none
  for the
  pilot's passport fields, so none are made up).

aas-test-engines 1.0 knows the Nameplate (and Contact Information) templates only; the other two submodels are
checked against the metamodel. Only the public part of the passport goes into the package.
"""

from __future__ import annotations

import io
from typing import Any

from basyx.aas import model
from basyx.aas.adapter import aasx

from . import gs1, pilots, record

NAMEPLATE = "https://admin-shell.io/zvei/nameplate/2/0/Nameplate"
CONTACT = "https://admin-shell.io/zvei/nameplate/1/0/ContactInformations/ContactInformation"
CARBON = "https://admin-shell.io/idta/CarbonFootprint/CarbonFootprint/0/9"
PCF = "https://admin-shell.io/idta/CarbonFootprint/ProductCarbonFootprint/0/9"
TECHNICAL = "https://admin-shell.io/ZVEI/TechnicalData/Submodel/1/2"
GENERAL = "https://admin-shell.io/ZVEI/TechnicalData/GeneralInformation/1/1"
PROPERTIES = "https://admin-shell.io/ZVEI/TechnicalData/TechnicalProperties/1/1"
# IDTA 02023-0-9 "PCFLifeCyclePhase" values for the UNTP scopes
LIFE_CYCLE = {"CradleToGate": "A1-A3", "CradleToGrave": "A1-C4"}


def _ref(semantic_id: str) -> model.ExternalReference:
    return model.ExternalReference((model.Key(model.KeyTypes.GLOBAL_REFERENCE, semantic_id),))


def _text(id_short: str, semantic_id: str, value: str) -> model.Property:
    return model.Property(id_short, model.datatypes.String, value=value, semantic_id=_ref(semantic_id))


def _lang(id_short: str, semantic_id: str, value: str) -> model.MultiLanguageProperty:
    return model.MultiLanguageProperty(
        id_short,
        value=model.MultiLanguageTextType({"nl": value[:1023] or "-"}),
        semantic_id=_ref(semantic_id),
    )


def _id_short(key: str) -> str:
    return "".join(part.capitalize() for part in key.split("_"))


def package(data: dict[str, Any], *, product_uri: str, shell_id: str) -> bytes:
    """The AASX package (bytes) of a passport record's public part."""
    view = record.public_view(data)
    product = view["product"]
    link = gs1.DigitalLink.of(product["gtin"], product.get("batch", ""), product.get("serial", ""))
    operator = view["operator"]
    year = (product.get("production_date") or "")[:4]

    nameplate_elements: list[model.SubmodelElement] = [
        _text("URIOfTheProduct", "0173-1#02-AAY811#001", product_uri),
        _lang("ManufacturerName", "0173-1#02-AAO677#002", operator["name"]),
        _lang("ManufacturerProductDesignation", "0173-1#02-AAW338#001", product["name"]),
        model.SubmodelElementCollection(
            "ContactInformation",
            value=[_lang("Company", "0173-1#02-AAW001#001", operator["name"])],
            semantic_id=_ref(CONTACT),
        ),
        _lang("ManufacturerProductType", "0173-1#02-AAO057#002", pilots.PILOT_LABELS[view["pilot"]]),
        _lang("ProductArticleNumberOfManufacturer", "0173-1#02-AAO676#003", link.gtin),
        _text("YearOfConstruction", "0173-1#02-AAP906#001", year or "-"),
    ]
    if link.serial:
        nameplate_elements.append(_text("SerialNumber", "0173-1#02-AAM556#002", link.serial))
    if product.get("country"):
        nameplate_elements.append(_text("CountryOfOrigin", "0173-1#02-AAO259#004", product["country"]))
    base = shell_id.rstrip("/")
    nameplate = model.Submodel(
        f"{base}/submodels/nameplate",
        id_short="Nameplate",
        semantic_id=_ref(NAMEPLATE),
        submodel_element=nameplate_elements,
    )

    carbon = (view.get("declared") or {}).get("carbon") or {}
    pcf_elements: list[model.SubmodelElement] = []
    if carbon:
        pcf_elements.append(
            model.SubmodelElementCollection(
                "ProductCarbonFootprint",
                semantic_id=_ref(PCF),
                value=[
                    _text(
                        "PCFCalculationMethod", "0173-1#02-ABG854#001", "UNTP DPP 0.6.1 emissionsScorecard"
                    ),
                    model.Property(
                        "PCFCO2eq",
                        model.datatypes.Double,
                        value=float(carbon["value"]),
                        semantic_id=_ref("0173-1#02-ABG855#001"),
                    ),
                    _text("PCFReferenceValueForCalculation", "0173-1#02-ABG856#001", carbon["unit"]),
                    model.Property(
                        "PCFQuantityOfMeasureForCalculation",
                        model.datatypes.Double,
                        value=1.0,
                        semantic_id=_ref("0173-1#02-ABG857#001"),
                    ),
                    _text("PCFLifeCyclePhase", "0173-1#02-ABG858#001", LIFE_CYCLE.get(carbon["scope"], "")),
                ],
            )
        )
    carbon_submodel = model.Submodel(
        f"{base}/submodels/carbon-footprint",
        id_short="CarbonFootprint",
        semantic_id=_ref(CARBON),
        submodel_element=pcf_elements,
    )

    properties: list[model.SubmodelElement] = []
    values = view.get("pilot_fields") or {}
    for spec in pilots.template(view["pilot"]):
        value = values.get(spec.key)
        if spec.restricted or value in (None, ""):
            continue
        if spec.kind == pilots.NUMBER:
            properties.append(model.Property(_id_short(spec.key), model.datatypes.Double, value=float(value)))
        elif spec.kind == pilots.YES_NO:
            properties.append(model.Property(_id_short(spec.key), model.datatypes.Boolean, value=bool(value)))
        else:
            properties.append(model.Property(_id_short(spec.key), model.datatypes.String, value=str(value)))
    technical = model.Submodel(
        f"{base}/submodels/technical-data",
        id_short="TechnicalData",
        semantic_id=_ref(TECHNICAL),
        submodel_element=[
            model.SubmodelElementCollection(
                "GeneralInformation",
                semantic_id=_ref(GENERAL),
                value=[
                    _lang("ManufacturerName", "0173-1#02-AAO677#002", operator["name"]),
                    _lang("ManufacturerProductDesignation", "0173-1#02-AAW338#001", product["name"]),
                    _lang("ManufacturerArticleNumber", "0173-1#02-AAO676#003", link.gtin),
                    _lang("ManufacturerOrderCode", "0173-1#02-AAO227#002", link.gtin),
                ],
            ),
            model.SubmodelElementCollection(
                "TechnicalProperties", semantic_id=_ref(PROPERTIES), value=properties
            ),
        ],
    )

    submodels = [nameplate, carbon_submodel, technical]
    shell = model.AssetAdministrationShell(
        id_=shell_id,
        asset_information=model.AssetInformation(
            asset_kind=model.AssetKind.INSTANCE if link.serial else model.AssetKind.TYPE,
            global_asset_id=product_uri,
        ),
        id_short="Passport",
        submodel={model.ModelReference.from_referable(submodel) for submodel in submodels},
    )
    store: model.DictObjectStore[model.Identifiable] = model.DictObjectStore([shell, *submodels])
    buffer = io.BytesIO()
    with aasx.AASXWriter(buffer) as writer:
        writer.write_aas(
            aas_ids=[shell_id], object_store=store, file_store=aasx.DictSupplementaryFileContainer()
        )
    return buffer.getvalue()
