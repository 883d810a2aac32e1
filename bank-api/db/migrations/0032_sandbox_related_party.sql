-- The sandbox related-party list again reaches an enterprise a demo relationship manager can submit for.
-- Migration 0014 listed 上海润辰网络科技有限公司 as the enterprise shareholder of sandbox enterprise #1245
-- (上海浦东, branch SH-PD, rm1's branch); the generator has since given #1245 another enterprise shareholder,
-- so that entry hits nobody, and the two persons it lists are the legal representatives of #1261 (SH) and
-- #1358 (HZ), branches no demo relationship manager serves. This lists #1245's enterprise shareholder as
-- it is now, so rm1 can show a related-party case going to the committee (and the controls bench measures
-- that path: bench/controls.bench.ts). Sandbox data only; a bank loads its own list.
INSERT INTO related_parties (kind, name, id_number, uscc, relation_zh, relation_en, listed_on)
SELECT 'enterprise', '上海博青货运代理有限公司', NULL, '91310115378912773G', '本行主要股东控制的企业',
       'controlled by a major shareholder of the bank', DATE '2026-01-05'
WHERE NOT EXISTS (SELECT 1 FROM related_parties WHERE uscc = '91310115378912773G');
