//! The form's keys, drafts and choices.

use super::*;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn typed(form: &mut Form, text: &str) {
    for c in text.chars() {
        form.on_key(key(KeyCode::Char(c)), &Keymap::defaults());
    }
}

#[test]
fn enter_walks_the_fields_then_submits_and_text_survives_an_error() {
    let mut form = Form::new(
        "t",
        vec![
            Field::new("a", FieldKind::Line),
            Field::new("b", FieldKind::Secret),
        ],
    );
    typed(&mut form, "alice");
    assert_eq!(
        form.on_key(key(KeyCode::Enter), &Keymap::defaults()),
        FormEvent::Editing
    );
    typed(&mut form, "s3cret");
    assert_eq!(
        form.on_key(key(KeyCode::Enter), &Keymap::defaults()),
        FormEvent::Submit
    );
    form.fail("too short".into());
    assert_eq!(form.value(0), "alice");
    assert_eq!(form.value(1), "s3cret");
}

#[test]
fn esc_on_a_typed_form_asks_before_losing_it() {
    let mut form = Form::new("t", vec![Field::new("a", FieldKind::Multi)]);
    assert_eq!(
        form.on_key(key(KeyCode::Esc), &Keymap::defaults()),
        FormEvent::Cancel
    );
    typed(&mut form, "x");
    form.on_key(key(KeyCode::Enter), &Keymap::defaults());
    typed(&mut form, "y");
    assert_eq!(form.value(0), "x\ny");
    assert_eq!(
        form.on_key(key(KeyCode::Esc), &Keymap::defaults()),
        FormEvent::Editing
    );
    assert_eq!(
        form.on_key(key(KeyCode::Char('n')), &Keymap::defaults()),
        FormEvent::Editing
    );
    assert_eq!(form.value(0), "x\ny");
    form.on_key(key(KeyCode::Esc), &Keymap::defaults());
    assert_eq!(
        form.on_key(key(KeyCode::Char('y')), &Keymap::defaults()),
        FormEvent::Cancel
    );
}

#[test]
fn a_draft_keeps_what_was_typed_but_never_a_secret_and_comes_back() {
    let options = vec![("a".into(), "A".into()), ("b".into(), "B".into())];
    let fields = || {
        vec![
            Field::new("name", FieldKind::Line),
            Field::new("pass", FieldKind::Secret),
            Field::new("pick", FieldKind::Choice(options.clone())),
            Field::new("text", FieldKind::Multi),
        ]
    };
    let mut form = Form::new("t", fields());
    assert_eq!(form.draft(), None, "nothing typed, nothing kept");
    typed(&mut form, "ana");
    form.on_key(key(KeyCode::Enter), &Keymap::defaults());
    typed(&mut form, "hunter2");
    form.on_key(key(KeyCode::Enter), &Keymap::defaults());
    form.on_key(key(KeyCode::Right), &Keymap::defaults());
    form.on_key(key(KeyCode::Tab), &Keymap::defaults());
    typed(&mut form, "one");
    form.on_key(key(KeyCode::Enter), &Keymap::defaults());
    typed(&mut form, "two");
    let draft = form.draft().unwrap();
    let labels: Vec<_> = draft.fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["name", "pick", "text"]);
    assert!(!serde_json::to_string(&draft).unwrap().contains("hunter2"));
    let mut again = Form::new("t", fields());
    again.restore(&draft);
    assert_eq!(
        (
            again.value(0),
            again.value(1),
            again.value(2),
            again.value(3)
        ),
        ("ana".into(), String::new(), "b".into(), "one\ntwo".into())
    );
    assert!(again.is_dirty());
}

#[test]
fn a_choice_cycles_through_its_options() {
    let options = vec![("a".into(), "A".into()), ("b".into(), "B".into())];
    let mut form = Form::new("t", vec![Field::new("c", FieldKind::Choice(options))]);
    assert_eq!(form.value(0), "a");
    form.on_key(key(KeyCode::Right), &Keymap::defaults());
    assert_eq!(form.value(0), "b");
    form.on_key(key(KeyCode::Left), &Keymap::defaults());
    form.on_key(key(KeyCode::Left), &Keymap::defaults());
    assert_eq!(form.value(0), "b");
}
