from relmap.model.ids import slugify, unique_id


def test_slugify_keeps_words_and_drops_accents():
    assert slugify("Kassym-Jomart Tokayev") == "kassym_jomart_tokayev"
    assert slugify("Назарба́ев") == "назарбаев"
    assert slugify("  !!  ") == "item"


def test_unique_id_appends_a_counter():
    assert unique_id("Timur", set()) == "timur"
    assert unique_id("Timur", {"timur", "timur_2"}) == "timur_3"
