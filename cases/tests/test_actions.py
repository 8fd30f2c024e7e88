"""What the actions leave behind for the task workers (`manage.py db_worker`)."""

from wagtail.models import ReferenceIndex

from tests.builders import build_reference_case


def test_editing_a_case_in_two_languages_leaves_no_task_that_fails_in_the_worker(
    site_tree, queued_tasks, django_capture_on_commit_callbacks
):
    # Creating, following up, adding updates and a download, translating: every publish also
    # rewrites the page's untranslated mirrors in French and Italian.
    with django_capture_on_commit_callbacks(execute=True):
        build_reference_case(site_tree)

    results = queued_tasks()

    assert [
        (result.task_path, result.args_kwargs["args"], result.exception_class_path)
        for result in results
        if result.status != "SUCCESSFUL"
        and not (result.status == "READY" and result.task.run_after)  # later: not failed
    ] == []
    assert any(result.task_path == "wagtail.tasks.update_reference_index_task" for result in results)


def test_the_reference_index_knows_every_page_that_names_a_target(
    site_tree, queued_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = build_reference_case(site_tree)

    queued_tasks()

    pages = {reference.object_id for reference in ReferenceIndex.get_references_to(case.target)}
    assert {str(case.ua_en.pk), str(case.fi_en.pk), str(case.ua_de.pk), str(case.fi_de.pk)} <= pages
