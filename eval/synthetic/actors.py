"""Actor phrases for the synthetic sentences: how news copy names a state, by state.

Facts only (country names, capitals, demonyms, leaders); the phrasing patterns are ours. Each
state has a name, a capital used as metonym, a demonym adjective, and a few leaders of different
eras so that the sentences span the 1980s to the 2020s.
"""

from __future__ import annotations

import random

# code: (name, capital, adjective, leaders)
STATES: dict[str, tuple[str, str, str, list[str]]] = {
    "USA": (
        "the United States",
        "Washington",
        "American",
        ["President Reagan", "President Obama", "Joe Biden", "Secretary of State Mike Pompeo", "Donald Trump"],
    ),
    "CHN": (
        "China",
        "Beijing",
        "Chinese",
        ["Xi Jinping", "Premier Li Keqiang", "Deng Xiaoping", "Foreign Minister Wang Yi"],
    ),
    "RUS": ("Russia", "Moscow", "Russian", ["Vladimir Putin", "Sergei Lavrov", "Dmitry Medvedev"]),
    "SUN": ("the Soviet Union", "Moscow", "Soviet", ["Mikhail Gorbachev", "Eduard Shevardnadze", "Andrei Gromyko"]),
    "GBR": ("Britain", "London", "British", ["Margaret Thatcher", "Boris Johnson", "Dominic Raab", "Tony Blair"]),
    "FRA": ("France", "Paris", "French", ["Emmanuel Macron", "Francois Mitterrand", "Jacques Chirac"]),
    "DEU": ("Germany", "Berlin", "German", ["Angela Merkel", "Olaf Scholz", "Helmut Kohl"]),
    "JPN": ("Japan", "Tokyo", "Japanese", ["Shinzo Abe", "Yasuhiro Nakasone", "Fumio Kishida"]),
    "IRN": ("Iran", "Tehran", "Iranian", ["Ayatollah Ali Khamenei", "Hassan Rouhani", "Mohammad Javad Zarif"]),
    "ISR": ("Israel", "Jerusalem", "Israeli", ["Benjamin Netanyahu", "Yitzhak Shamir", "Naftali Bennett"]),
    "IND": ("India", "New Delhi", "Indian", ["Narendra Modi", "Rajiv Gandhi", "Manmohan Singh"]),
    "PAK": ("Pakistan", "Islamabad", "Pakistani", ["Imran Khan", "Benazir Bhutto", "Nawaz Sharif"]),
    "TUR": ("Turkey", "Ankara", "Turkish", ["Recep Tayyip Erdogan", "Turgut Ozal"]),
    "KOR": ("South Korea", "Seoul", "South Korean", ["Moon Jae-in", "Roh Tae-woo", "Yoon Suk-yeol"]),
    "PRK": ("North Korea", "Pyongyang", "North Korean", ["Kim Jong Un", "Kim Il Sung"]),
    "UKR": ("Ukraine", "Kyiv", "Ukrainian", ["Volodymyr Zelensky", "Petro Poroshenko"]),
    "SAU": ("Saudi Arabia", "Riyadh", "Saudi", ["Crown Prince Mohammed bin Salman", "King Fahd"]),
    "CAN": ("Canada", "Ottawa", "Canadian", ["Justin Trudeau", "Brian Mulroney"]),
    "AUS": ("Australia", "Canberra", "Australian", ["Scott Morrison", "Bob Hawke", "Anthony Albanese"]),
    "EGY": ("Egypt", "Cairo", "Egyptian", ["Hosni Mubarak", "Abdel Fattah el-Sisi"]),
    "SYR": ("Syria", "Damascus", "Syrian", ["Bashar al-Assad", "Hafez al-Assad"]),
    "CUB": ("Cuba", "Havana", "Cuban", ["Fidel Castro", "Raul Castro"]),
    "VEN": ("Venezuela", "Caracas", "Venezuelan", ["Nicolas Maduro", "Hugo Chavez"]),
    "POL": ("Poland", "Warsaw", "Polish", ["Lech Walesa", "Andrzej Duda"]),
}
IGOS: dict[str, list[str]] = {
    "IGO:EU": ["the European Union", "the EU", "Brussels", "the European Commission"],
    "IGO:UN": ["the United Nations", "the UN Security Council", "the UN"],
    "IGO:NATO": ["NATO", "the Atlantic alliance"],
}

# Role phrases: {adj} = demonym, {name} = country name. Which ones a sentence may use depends on
# whether the actor acts (subject) or is acted on (object); both lists are realistic for either.
_ROLES = [
    "{name}",
    "{name}",
    "{capital}",
    "the {adj} government",
    "{adj} officials",
    "{name}'s foreign ministry",
    "the {adj} foreign minister",
    "{adj} authorities",
    "the {adj} embassy",
    "{name}'s ambassador",
    "{adj} diplomats",
    "the {adj} military",
    "{adj} troops",
    "the {adj} navy",
    "{adj} state media",
    "the {adj} prime minister",
    "the {adj} president",
    "{name}'s defence ministry",
    "{adj} lawmakers",
    "the {adj} parliament",
    "{adj} police",
    "{name}'s trade ministry",
    "a spokesman for the {adj} government",
    "the government in {capital}",
    "{adj} negotiators",
    "{adj} warplanes",
]
_IGO_ROLES = ["{name}"]


# Which phrases suit which acts: officials speak, soldiers fight, states own and host.
ROLE_SETS: dict[str, list[str]] = {
    "verbal": [
        "{name}",
        "{capital}",
        "the {adj} government",
        "{adj} officials",
        "{name}'s foreign ministry",
        "the {adj} foreign minister",
        "{adj} diplomats",
        "{adj} state media",
        "the {adj} prime minister",
        "the {adj} president",
        "{adj} lawmakers",
        "a spokesman for the {adj} government",
        "the government in {capital}",
        "{adj} negotiators",
        "{name}'s ambassador",
    ],
    "military": [
        "{name}",
        "{capital}",
        "the {adj} military",
        "{adj} troops",
        "the {adj} navy",
        "{adj} warplanes",
        "{name}'s defence ministry",
        "{adj} forces",
        "the {adj} army",
        "{adj} artillery units",
    ],
    "state": [
        "{name}",
        "{name}",
        "{capital}",
        "the {adj} government",
        "{adj} authorities",
        "the government in {capital}",
        "{name}'s trade ministry",
        "{adj} police",
    ],
    "place": ["{name}", "{name}", "{name}", "{capital}"],
}
ROLE_SETS["any"] = sorted(set(_ROLES))


def actor(rng: random.Random, code: str, leaders: bool = True, roles: str = "any") -> str:
    """A phrase naming the state ``code`` the way a news sentence would, from a role set."""
    if code in IGOS:
        return rng.choice(IGOS[code])
    name, capital, adj, people = STATES[code]
    if leaders and roles in ("any", "verbal") and rng.random() < 0.2:
        return rng.choice(people)
    return rng.choice(ROLE_SETS[roles]).format(name=name, capital=capital, adj=adj)


def pick_codes(rng: random.Random, n: int = 2) -> list[str]:
    """``n`` distinct actors, states far more often than organisations (as in the news)."""
    pool = list(STATES) + (list(IGOS) if rng.random() < 0.15 else [])
    out = rng.sample(pool, n)
    if "SUN" in out and "RUS" in out:
        return pick_codes(rng, n)
    return out


def capital(code: str) -> str:
    return STATES[code][1] if code in STATES else "Brussels"


def adjective(code: str) -> str:
    return STATES[code][2] if code in STATES else "European"


def name(code: str) -> str:
    return STATES[code][0] if code in STATES else IGOS[code][0]
