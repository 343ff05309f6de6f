//! Outcomes in the store: a document's events, replaced whole, and its experiments,
//! on both databases.

use super::*;

contract!(
    events_are_stored_in_chunks_and_replaced_whole,
    event_uploads_check_roles_and_size,
    experiments_are_recorded_changed_and_checked,
);

fn chunk(lines: &[(&str, &str, i64)]) -> String {
    lines
        .iter()
        .map(|(user, event, time)| {
            format!("{{\"user_id\":\"{user}\",\"event\":\"{event}\",\"timestamp\":{time}}}\n")
        })
        .collect()
}

fn experiment<'a>(step: &'a str, title: &'a str) -> NewExperiment<'a> {
    NewExperiment {
        step,
        title,
        hypothesis: "A shorter form lifts sign-ups",
        reach: None,
        impact: 200,
        confidence: 80,
        effort: 15,
        status: ExperimentStatus::Proposed,
        result: "",
    }
}

/// Events and an experiment on `doc`, for the backup tests.
pub(super) async fn populate_outcomes(s: &dyn Store, editor: &User, doc: DocumentId) {
    let chunks = vec![
        chunk(&[("u1", "signed_up", 1_700_000_000)]),
        chunk(&[("u1", "basket_opened", 1_700_000_100)]),
    ];
    s.save_outcome_events(
        editor.id,
        doc,
        NewOutcomeUpload {
            file_name: "events.csv",
            event_count: 2,
            chunks: &chunks,
        },
    )
    .await
    .expect("events");
    s.add_experiment(
        editor.id,
        doc,
        NewExperiment {
            reach: Some(40),
            ..experiment("Sign up", "One-field sign-up — “quotes” '; --")
        },
    )
    .await
    .expect("experiment");
}

async fn events_are_stored_in_chunks_and_replaced_whole(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    assert_eq!(
        s.outcome_upload(t.viewer.id, doc).await.expect("none"),
        None
    );
    assert_eq!(
        s.outcome_events(t.viewer.id, doc).await.expect("none"),
        None
    );

    let first = vec![
        chunk(&[("u1", "signed_up", 1), ("u2", "signed_up", 2)]),
        chunk(&[("u1", "basket_opened", 3)]),
    ];
    let upload = s
        .save_outcome_events(
            t.editor.id,
            doc,
            NewOutcomeUpload {
                file_name: "  march.parquet ",
                event_count: 3,
                chunks: &first,
            },
        )
        .await
        .expect("upload");
    assert_eq!(upload.file_name, "march.parquet");
    assert_eq!(upload.event_count, 3);
    assert_eq!(
        upload.byte_count,
        first.iter().map(|c| c.len() as i64).sum::<i64>()
    );
    assert_eq!(upload.uploaded_by_name, "editor");
    let (read, chunks) = s
        .outcome_events(t.viewer.id, doc)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(read, upload);
    assert_eq!(chunks, first, "chunks come back whole and in order");
    assert_eq!(
        s.outcome_upload(t.reviewer.id, doc).await.expect("meta"),
        Some(upload.clone())
    );

    // A second upload replaces the first entirely.
    let second = vec![chunk(&[("u9", "signed_up", 9)])];
    let replaced = s
        .save_outcome_events(
            t.owner.id,
            doc,
            NewOutcomeUpload {
                file_name: "april.csv",
                event_count: 1,
                chunks: &second,
            },
        )
        .await
        .expect("replace");
    assert_ne!(replaced.id, upload.id);
    let (read, chunks) = s
        .outcome_events(t.editor.id, doc)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(read, replaced);
    assert_eq!(chunks, second);

    // A failed upload leaves the stored events as they were.
    let bad = vec![chunk(&[("u3", "x", 1)]), "nul \0 inside".to_string()];
    let refused = s
        .save_outcome_events(
            t.editor.id,
            doc,
            NewOutcomeUpload {
                file_name: "bad.csv",
                event_count: 2,
                chunks: &bad,
            },
        )
        .await;
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "{refused:?}"
    );
    let (read, chunks) = s
        .outcome_events(t.editor.id, doc)
        .await
        .expect("read")
        .expect("kept");
    assert_eq!((read, chunks), (replaced, second));
}

async fn event_uploads_check_roles_and_size(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    let chunks = vec![chunk(&[("u1", "signed_up", 1)])];
    let upload = NewOutcomeUpload {
        file_name: "events.csv",
        event_count: 1,
        chunks: &chunks,
    };
    for reader in [&t.viewer, &t.reviewer] {
        assert!(
            matches!(
                s.save_outcome_events(reader.id, doc, upload).await,
                Err(StoreError::Forbidden)
            ),
            "{} may read events but not replace them",
            reader.email
        );
    }
    assert!(is_not_found(
        &s.save_outcome_events(t.stranger.id, doc, upload).await
    ));
    assert!(is_not_found(&s.outcome_upload(t.stranger.id, doc).await));
    assert!(is_not_found(&s.outcome_events(t.stranger.id, doc).await));
    assert!(is_not_found(
        &s.outcome_events(t.owner.id, DocumentId(123_456_789)).await
    ));

    let too_big = vec!["x".repeat(MAX_OUTCOME_CHUNK + 1)];
    let refused = s
        .save_outcome_events(
            t.editor.id,
            doc,
            NewOutcomeUpload {
                chunks: &too_big,
                ..upload
            },
        )
        .await;
    let Err(StoreError::Invalid(message)) = refused else {
        panic!("an oversized chunk is refused: {refused:?}");
    };
    assert!(message.contains("chunk 1"), "{message}");
    let line = "y".repeat(MAX_OUTCOME_CHUNK);
    let many: Vec<String> = (0..=(MAX_OUTCOME_BYTES as usize / MAX_OUTCOME_CHUNK))
        .map(|_| line.clone())
        .collect();
    let refused = s
        .save_outcome_events(
            t.editor.id,
            doc,
            NewOutcomeUpload {
                chunks: &many,
                ..upload
            },
        )
        .await;
    assert!(
        matches!(&refused, Err(StoreError::Invalid(m)) if m.contains("more than")),
        "{refused:?}"
    );
    assert_eq!(s.outcome_upload(t.owner.id, doc).await.expect("none"), None);
}

async fn experiments_are_recorded_changed_and_checked(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    assert!(
        s.experiments(t.viewer.id, doc)
            .await
            .expect("none")
            .is_empty()
    );
    let first = s
        .add_experiment(t.editor.id, doc, experiment(" Sign up ", "One-field form"))
        .await
        .expect("add");
    assert_eq!(first.step, "Sign up");
    assert_eq!(first.status, ExperimentStatus::Proposed);
    assert_eq!(first.created_by_name, "editor");
    // RICE: reach from the funnel when none is entered; 1000 × 2 × 0.8 ÷ 1.5.
    assert!(
        (first.rice(1000) - 1066.666).abs() < 0.01,
        "{}",
        first.rice(1000)
    );
    let second = s
        .add_experiment(
            t.owner.id,
            doc,
            NewExperiment {
                reach: Some(50),
                ..experiment("Basket", "Reorder button")
            },
        )
        .await
        .expect("add");
    assert!((second.rice(1000) - 53.333).abs() < 0.01);

    let done = s
        .update_experiment(
            t.editor.id,
            first.id,
            NewExperiment {
                status: ExperimentStatus::Done,
                result: "Sign-ups rose from 41% to 47%",
                ..experiment("Sign up", "One-field form")
            },
        )
        .await
        .expect("update");
    assert_eq!(done.status, ExperimentStatus::Done);
    assert_eq!(done.result, "Sign-ups rose from 41% to 47%");
    assert!(done.updated_at > first.updated_at);
    assert_eq!(done.created_at, first.created_at);
    let all = s.experiments(t.viewer.id, doc).await.expect("list");
    assert_eq!(all, vec![done.clone(), second]);

    // Roles: viewers and reviewers read, only editors and owners write.
    for reader in [&t.viewer, &t.reviewer] {
        assert!(matches!(
            s.add_experiment(reader.id, doc, experiment("a", "b")).await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            s.update_experiment(reader.id, first.id, experiment("a", "b"))
                .await,
            Err(StoreError::Forbidden)
        ));
    }
    assert!(is_not_found(
        &s.add_experiment(t.stranger.id, doc, experiment("a", "b"))
            .await
    ));
    assert!(is_not_found(
        &s.update_experiment(t.stranger.id, first.id, experiment("a", "b"))
            .await
    ));
    assert!(is_not_found(&s.experiments(t.stranger.id, doc).await));
    assert!(is_not_found(
        &s.update_experiment(t.owner.id, ExperimentId(42), experiment("a", "b"))
            .await
    ));

    // Bad input names its field and writes nothing.
    let cases: [(NewExperiment<'_>, &str); 6] = [
        (experiment(" ", "t"), "journey step"),
        (experiment("s", ""), "experiment title"),
        (
            NewExperiment {
                confidence: 101,
                ..experiment("s", "t")
            },
            "confidence",
        ),
        (
            NewExperiment {
                effort: 0,
                ..experiment("s", "t")
            },
            "effort",
        ),
        (
            NewExperiment {
                impact: 0,
                ..experiment("s", "t")
            },
            "impact",
        ),
        (
            NewExperiment {
                reach: Some(-1),
                ..experiment("s", "t")
            },
            "reach",
        ),
    ];
    for (bad, field) in cases {
        match s.add_experiment(t.editor.id, doc, bad).await {
            Err(StoreError::Invalid(message)) => assert!(message.contains(field), "{message}"),
            other => panic!("{field}: {other:?}"),
        }
    }
    assert_eq!(s.experiments(t.owner.id, doc).await.expect("list").len(), 2);
}
