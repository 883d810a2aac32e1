export const renewalZhCN = {
  renewal: {
    heading: '续贷与增额',
    loading: '正在读取续贷条件…',
    start: '发起续贷',
  },
};
