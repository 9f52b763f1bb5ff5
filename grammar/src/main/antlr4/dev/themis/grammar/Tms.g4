grammar Tms;
// placeholder: replaced by the policy-language work (issue 2)
file : EOF ;
