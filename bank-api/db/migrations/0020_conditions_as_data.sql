-- The approval's conditions as data (issue 16.2): each item of applications.conditions becomes
-- {"type", "params", "text"} (shared/credit/loan-conditions.ts). Conditions written as plain strings
-- become {"type":"other","params":{},"text":<the string>}, in their order; items already structured are
-- kept. A pending pricing exception's conditions (pricing_exception.conditions) are converted the same
-- way. The decision history is left as written (its rows are covered by the audit chain); readers take
-- a string there as an `other` item (fromStored).

UPDATE applications
SET conditions = (
  SELECT COALESCE(
    jsonb_agg(
      CASE WHEN jsonb_typeof(e.c) = 'string'
        THEN jsonb_build_object('type', 'other', 'params', '{}'::jsonb, 'text', e.c #>> '{}')
        ELSE e.c END
      ORDER BY e.n),
    '[]'::jsonb)
  FROM jsonb_array_elements(applications.conditions) WITH ORDINALITY AS e(c, n)
)
WHERE jsonb_typeof(conditions) = 'array'
  AND EXISTS (SELECT 1 FROM jsonb_array_elements(applications.conditions) AS x(c) WHERE jsonb_typeof(x.c) = 'string');

UPDATE applications
SET pricing_exception = jsonb_set(pricing_exception, '{conditions}', (
  SELECT COALESCE(
    jsonb_agg(
      CASE WHEN jsonb_typeof(e.c) = 'string'
        THEN jsonb_build_object('type', 'other', 'params', '{}'::jsonb, 'text', e.c #>> '{}')
        ELSE e.c END
      ORDER BY e.n),
    '[]'::jsonb)
  FROM jsonb_array_elements(applications.pricing_exception -> 'conditions') WITH ORDINALITY AS e(c, n)
))
WHERE pricing_exception IS NOT NULL
  AND jsonb_typeof(pricing_exception -> 'conditions') = 'array'
  AND EXISTS (
    SELECT 1 FROM jsonb_array_elements(applications.pricing_exception -> 'conditions') AS x(c)
    WHERE jsonb_typeof(x.c) = 'string');

-- The guarantors the application names (CreateApplicationRequest.guarantors: [{ name, uscc? }]), kept
-- on the case so an approval of a guaranteed product can require a guarantee condition for each. Cases
-- submitted before this migration did not keep them: theirs read as [] (the profile's registered
-- guarantors still count, shared/credit/required-conditions.ts caseGuarantors).
ALTER TABLE applications ADD COLUMN IF NOT EXISTS guarantors jsonb NOT NULL DEFAULT '[]';
