import summarizer


def test_all_is_sorted_and_every_name_resolves():
    assert summarizer.__all__ == sorted(summarizer.__all__)
    for name in summarizer.__all__:
        assert getattr(summarizer, name) is not None, name


def test_public_names_do_not_start_with_an_underscore():
    assert not [n for n in summarizer.__all__ if n.startswith("_")]
