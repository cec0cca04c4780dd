from chalicelib.domain.lifecycle import transition_error


def test_normal_path_is_allowed():
    for current, target in [("new", "open"), ("open", "pending"), ("pending", "open"),
                            ("open", "resolved"), ("resolved", "closed"), ("resolved", "open")]:
        assert transition_error(current, target) is None


def test_closed_is_final_and_says_what_to_do():
    problem = transition_error("closed", "open")
    assert problem is not None and "new linked ticket" in problem


def test_refusal_lists_what_is_possible():
    problem = transition_error("resolved", "pending")
    assert problem is not None and "closed" in problem and "open" in problem
