//! Outcomes in the store: a document's events, replaced whole, and its experiments,
//! on both databases.

use super::*;

contract!(
    events_are_stored_in_chunks_and_replaced_whole,
    event_uploads_check_roles_and_size,
    experiments_are_recorded_changed_and_checked,
    an_event_source_is_set_refreshed_and_removed_by_editors,
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
    let key = SecretsKey::generate().expect("key");
    let sealed = key
        .seal(
            "postgres://ann:s3cret@db:5432/shop",
            &OutcomeSource::sealing_context(doc),
        )
        .expect("sealed");
    s.set_outcome_source(editor.id, doc, source("events", &sealed))
        .await
        .expect("source");
    s.record_outcome_refresh(editor.id, doc, &sealed, true, "Imported 2 events")
        .await
        .expect("refresh");
}

fn source<'a>(table: &'a str, sealed: &'a str) -> NewOutcomeSource<'a> {
    NewOutcomeSource {
        shown_url: "postgres://ann:***@db:5432/shop",
        sealed_url: sealed,
        table,
        map: "user_id=uid",
    }
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

async fn an_event_source_is_set_refreshed_and_removed_by_editors(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    assert_eq!(
        s.outcome_source(t.viewer.id, doc).await.expect("none"),
        None
    );
    let key = SecretsKey::generate().expect("key");
    let url = "postgres://ann:s3cret@db:5432/shop";
    let sealed = key
        .seal(url, &OutcomeSource::sealing_context(doc))
        .expect("sealed");

    // Only editors and owners set, read the sealed address, refresh and remove.
    for reader in [&t.viewer, &t.reviewer] {
        assert!(matches!(
            s.set_outcome_source(reader.id, doc, source("events", &sealed))
                .await,
            Err(StoreError::Forbidden)
        ));
    }
    assert!(is_not_found(
        &s.set_outcome_source(t.stranger.id, doc, source("events", &sealed))
            .await
    ));
    let set = s
        .set_outcome_source(t.editor.id, doc, source(" analytics.events ", &sealed))
        .await
        .expect("set");
    assert_eq!(set.table, "analytics.events");
    assert_eq!(set.url, "postgres://ann:***@db:5432/shop");
    assert_eq!(set.map, "user_id=uid");
    assert_eq!(set.set_by, t.editor.id);
    assert_eq!(set.last_refresh, None);
    // Every member sees it, without the sealed address; a stranger nothing.
    for member in [&t.viewer, &t.reviewer, &t.owner] {
        let seen = s.outcome_source(member.id, doc).await.expect("read");
        assert_eq!(seen.as_ref(), Some(&set));
    }
    assert!(is_not_found(&s.outcome_source(t.stranger.id, doc).await));
    for reader in [&t.viewer, &t.reviewer] {
        assert!(matches!(
            s.outcome_source_sealed(reader.id, doc).await,
            Err(StoreError::Forbidden)
        ));
    }
    assert!(is_not_found(
        &s.outcome_source_sealed(t.stranger.id, doc).await
    ));
    let (found, kept) = s
        .outcome_source_sealed(t.owner.id, doc)
        .await
        .expect("read")
        .expect("set");
    assert_eq!(found, set);
    assert_eq!(
        key.open(&kept, &OutcomeSource::sealing_context(doc))
            .expect("opens"),
        url
    );
    // The sealed address is bound to its document.
    assert!(
        key.open(
            &kept,
            &OutcomeSource::sealing_context(DocumentId(doc.0 + 1))
        )
        .is_err()
    );

    // A refresh is recorded on the source it read.
    assert!(matches!(
        s.record_outcome_refresh(t.viewer.id, doc, &kept, true, "x")
            .await,
        Err(StoreError::Forbidden)
    ));
    let refreshed = s
        .record_outcome_refresh(t.editor.id, doc, &kept, false, "no table `events`")
        .await
        .expect("recorded")
        .expect("still set");
    let last = refreshed.last_refresh.clone().expect("refreshed");
    assert!(!last.ok);
    assert_eq!(last.result, "no table `events`");
    assert_eq!(last.by, Some(t.editor.id));
    assert!(last.at >= set.set_at);
    // Set again (another table): the old refresh is forgotten, and a refresh of the
    // replaced source does not land on the new one.
    let again = key
        .seal(url, &OutcomeSource::sealing_context(doc))
        .expect("sealed");
    let replaced = s
        .set_outcome_source(t.owner.id, doc, source("events_v2", &again))
        .await
        .expect("replaced");
    assert_eq!(replaced.last_refresh, None);
    assert_eq!(replaced.set_by, t.owner.id);
    let after = s
        .record_outcome_refresh(t.editor.id, doc, &kept, true, "stale")
        .await
        .expect("recorded")
        .expect("set");
    assert_eq!(
        after.last_refresh, None,
        "the stale refresh changed nothing"
    );
    let ok = s
        .record_outcome_refresh(t.editor.id, doc, &again, true, "Imported 7 events")
        .await
        .expect("recorded")
        .expect("set");
    assert!(ok.last_refresh.as_ref().is_some_and(|r| r.ok));

    // Bad fields are named.
    for (new, says) in [
        (source("", &again), "table"),
        (source("events", "not sealed"), "sealed"),
        (
            NewOutcomeSource {
                shown_url: " ",
                ..source("events", &again)
            },
            "address",
        ),
        (
            NewOutcomeSource {
                map: "a\u{7}b",
                ..source("events", &again)
            },
            "column map",
        ),
    ] {
        let refused = s.set_outcome_source(t.editor.id, doc, new).await;
        assert!(
            matches!(&refused, Err(StoreError::Invalid(m)) if m.contains(says)),
            "{says}: {refused:?}"
        );
    }

    // Removing: readers may not; editors may, once; the events stay.
    assert!(matches!(
        s.delete_outcome_source(t.viewer.id, doc).await,
        Err(StoreError::Forbidden)
    ));
    assert!(is_not_found(
        &s.delete_outcome_source(t.stranger.id, doc).await
    ));
    assert!(
        s.delete_outcome_source(t.editor.id, doc)
            .await
            .expect("removed")
    );
    assert!(
        !s.delete_outcome_source(t.editor.id, doc)
            .await
            .expect("none")
    );
    assert_eq!(
        s.outcome_source(t.viewer.id, doc).await.expect("none"),
        None
    );
    assert_eq!(
        s.record_outcome_refresh(t.editor.id, doc, &again, true, "late")
            .await
            .expect("nothing to record on"),
        None
    );
}
