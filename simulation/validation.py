"""The validation case (docs/simulation-validation.md): China's rare-earth export quotas of 2010–2014.

The historical figures, with their sources (quoted in the document):
- export quota 50,145 t in 2009, 30,258 t in 2010 (−40 %), 30,246 t in 2011 (Chinese Ministry of Commerce,
  in G. Hatch, "Chinese Rare-Earth Export Quotas for H2-2011", Technology Metals Research, 14 July 2011);
  the quotas stayed until the WTO ruling of 2014 (DS431);
- China's share of world supply "over 95 %" (Wall Street Journal, January 2011; University of Birmingham,
  2013);
- neodymium from about US$ 20/kg to US$ 450/kg and dysprosium from US$ 150/kg to US$ 4,500/kg, later back
  to about US$ 100/kg and US$ 800/kg (University of Birmingham, "The race for rare earth metals", 2013);
  the peak in July–August 2011 (Steelhome data in Bloomberg, 3 October 2011); dysprosium in July 2013 at
  about 1/7 of its July 2011 high;
- the demand response: magnet use per car 40 % lower than in 2011; Honda 30 % less dysprosium (2012).

The model case: the supplier shares China 0.97 / rest of the world 0.03 (over 95 %), today's EU EoL-RIR
for the light rare earths (0.01), a 40 % export cut from the first quarter (Q3 2010) lasting 18 quarters
(to the end of 2014). One step is one quarter."""

from __future__ import annotations

from .spec import ExportRestriction, MaterialInput, ProductGroup, Scenario, Supplier

RARE_EARTHS = MaterialInput(
    code="REE",
    name="Rare earth elements (light)",
    suppliers=(Supplier("CN", 0.97), Supplier("ROW", 0.03)),
    eol_recycling_rate=0.01,
    groups=(ProductGroup("magnets", "Magnets and other uses", 1.0),),
    sources=("docs/simulation-validation.md",),
)

# The pattern the model must keep (orders of magnitude and timing of the historical episode).
PEAK_AT_LEAST = 5.0  # history: ×22 (Nd), ×30 (Dy), +1,100 % for the oxide basket; one order of magnitude
PEAK_AT_MOST = 50.0
PEAK_QUARTERS_AFTER_CUT = (2, 6)  # history: July 2010 → July/August 2011, four quarters
DEMAND_FALL_AT_LEAST = 0.2  # history: −40 % magnet use per car, −30 % dysprosium per Honda motor
RECOVERY_WITHIN = 8  # quarters after the peak (history: mid-2011 → mid-2013)
RECOVERY_BELOW = 0.35  # of the peak (history: Nd ~100/450 = 0.22, Dy ~500/3500 ≈ 1/7)


def scenario(seed: int = 0) -> Scenario:
    cut = ExportRestriction(country="CN", start=1, duration=18, depth=0.4)
    return Scenario(
        material=RARE_EARTHS, interventions=(cut,), horizon=24, seed=seed, producers=20, manufacturers=20
    )
