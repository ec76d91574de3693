package asl

import "github.com/gostates/gostates/internal/jsonptr"

func (p *parser) mapState(b Base, obj map[string]any, ptr string) *MapState {
	ql := b.QueryLanguage
	s := &MapState{Base: b, Mode: ModeInline}

	key := "ItemProcessor"
	_, hasProc := obj["ItemProcessor"]
	_, hasIter := obj["Iterator"]
	switch {
	case hasProc && hasIter:
		p.errorf(ptr+"/Iterator", CodeExclusive, "\"ItemProcessor\" and \"Iterator\" cannot both be set; \"Iterator\" is the legacy name of \"ItemProcessor\"")
	case hasIter:
		key = "Iterator"
	case !hasProc:
		p.errorf(ptr, CodeSchema, "a Map state needs an \"ItemProcessor\" (or the legacy \"Iterator\")")
	}
	if proc, ok := obj[key].(map[string]any); ok {
		if cfg, ok := proc["ProcessorConfig"].(map[string]any); ok {
			if m, ok := cfg["Mode"].(string); ok {
				s.Mode = m
			}
			s.ExecutionType, _ = cfg["ExecutionType"].(string)
		}
		s.Processor = p.machine(proc, ptr+"/"+key, p.topQL)
	}

	s.ItemsPath = p.path(obj, "ItemsPath", ptr, ql, true)
	if v, ok := obj["Items"]; ok && ql == JSONata {
		s.Items = p.compileJSONata(v, ptr+"/Items")
	}
	selector := "ItemSelector"
	_, hasSel := obj["ItemSelector"]
	_, hasParams := obj["Parameters"]
	switch {
	case hasSel && hasParams:
		p.errorf(ptr+"/Parameters", CodeExclusive, "\"ItemSelector\" and \"Parameters\" cannot both be set; \"Parameters\" is the legacy name of \"ItemSelector\"")
	case hasParams && ql == JSONPath:
		selector = "Parameters"
	}
	s.ItemSelector = p.objectOrExpr(obj, selector, ptr, ql)

	s.MaxConcurrency, s.MaxConcurrencyPath, s.MaxConcurrencyExpr = p.duration(obj, "MaxConcurrency", ptr, ql)
	p.exclusive(obj, ptr, "ToleratedFailureCount", "ToleratedFailureCountPath")
	if _, ok := obj["ToleratedFailureCount"]; ok {
		s.HasToleratedFailureCount = true
		s.ToleratedFailureCount, s.ToleratedFailureCountExpr = p.intOrExpr(obj, "ToleratedFailureCount", ptr, ql)
	}
	s.ToleratedFailureCountPath = p.optPath(obj, "ToleratedFailureCountPath", ptr, ql)
	p.exclusive(obj, ptr, "ToleratedFailurePercentage", "ToleratedFailurePercentagePath")
	if v, ok := obj["ToleratedFailurePercentage"]; ok {
		s.HasToleratedFailurePercentage = true
		if str, ok := v.(string); ok {
			s.ToleratedFailurePercentageExpr = p.exprString(str, ptr+"/ToleratedFailurePercentage", "ToleratedFailurePercentage", ql)
		} else {
			s.ToleratedFailurePercentage, _ = p.number(obj, "ToleratedFailurePercentage")
		}
	}
	s.ToleratedFailurePercentagePath = p.optPath(obj, "ToleratedFailurePercentagePath", ptr, ql)

	if label, ok := obj["Label"].(string); ok {
		s.Label = label
		if prev, dup := p.labels[label]; dup && !p.hasPlaceholder(label) {
			p.errorf(ptr+"/Label", CodeValue, "Label %q is already used at %s; Map labels must be unique in the state machine", label, prev)
		} else {
			p.labels[label] = ptr + "/Label"
		}
	}
	if r, ok := obj["ItemReader"].(map[string]any); ok {
		s.ItemReader = p.itemReader(r, ptr+"/ItemReader", ql)
	}
	if r, ok := obj["ItemBatcher"].(map[string]any); ok {
		s.ItemBatcher = p.itemBatcher(r, ptr+"/ItemBatcher", ql)
	}
	if r, ok := obj["ResultWriter"].(map[string]any); ok {
		rptr := ptr + "/ResultWriter"
		rw := &ResultWriter{}
		if res, ok := r["Resource"].(string); ok {
			rw.Resource = res
			p.checkARN(res, rptr+"/Resource")
		}
		rw.Parameters = p.readerParams(r, rptr, ql)
		rw.Config, _ = r["WriterConfig"].(map[string]any)
		s.ResultWriter = rw
	}
	return s
}

func (p *parser) itemReader(r map[string]any, ptr string, ql QueryLanguage) *ItemReader {
	ir := &ItemReader{}
	if res, ok := r["Resource"].(string); ok {
		ir.Resource = res
		p.checkARN(res, ptr+"/Resource")
	}
	ir.Parameters = p.readerParams(r, ptr, ql)
	cfg, ok := r["ReaderConfig"].(map[string]any)
	if !ok {
		return ir
	}
	cptr := ptr + "/ReaderConfig"
	ir.Config = cfg
	ir.InputType, _ = cfg["InputType"].(string)
	ir.CSVHeaderLocation, _ = cfg["CSVHeaderLocation"].(string)
	ir.CSVHeaders = p.stringList(cfg["CSVHeaders"])
	ir.CSVDelimiter, _ = cfg["CSVDelimiter"].(string)
	p.checkQueryLanguageFields(cfg, cptr, ql, []string{"MaxItemsPath"}, nil)
	p.exclusive(cfg, cptr, "MaxItems", "MaxItemsPath")
	ir.MaxItems, ir.MaxItemsExpr = p.intOrExpr(cfg, "MaxItems", cptr, ql)
	ir.MaxItemsPath = p.optPath(cfg, "MaxItemsPath", cptr, ql)
	if ir.CSVHeaderLocation == "GIVEN" {
		if _, ok := cfg["CSVHeaders"]; !ok {
			p.errorf(cptr, CodeSchema, "\"CSVHeaders\" is required when \"CSVHeaderLocation\" is \"GIVEN\"")
		}
	}
	return ir
}

func (p *parser) itemBatcher(r map[string]any, ptr string, ql QueryLanguage) *ItemBatcher {
	ib := &ItemBatcher{}
	p.checkQueryLanguageFields(r, ptr, ql, []string{"MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath"}, nil)
	p.exclusive(r, ptr, "MaxItemsPerBatch", "MaxItemsPerBatchPath")
	p.exclusive(r, ptr, "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath")
	ib.MaxItemsPerBatch, ib.MaxItemsPerBatchExpr = p.intOrExpr(r, "MaxItemsPerBatch", ptr, ql)
	ib.MaxItemsPerBatchPath = p.optPath(r, "MaxItemsPerBatchPath", ptr, ql)
	ib.MaxInputBytesPerBatch, ib.MaxInputBytesPerBatchExpr = p.intOrExpr(r, "MaxInputBytesPerBatch", ptr, ql)
	ib.MaxInputBytesPerBatchPath = p.optPath(r, "MaxInputBytesPerBatchPath", ptr, ql)
	ib.BatchInput = p.objectOrExpr(r, "BatchInput", ptr, ql)
	return ib
}

// objectOrExpr reads a field that is a payload template (a JSON object) in
// JSONPath mode and any JSONata value in JSONata mode; nil when absent.
func (p *parser) objectOrExpr(obj map[string]any, key, ptr string, ql QueryLanguage) *Expr {
	if s, ok := obj[key].(string); ok {
		if e := p.exprString(s, ptr+"/"+jsonptr.Escape(key), key, ql); e != nil {
			return e
		}
		if ql == JSONPath {
			return &Expr{Value: s}
		}
	}
	return p.expr(obj, key, ptr, ql)
}

// readerParams reads Parameters (JSONPath) or Arguments (JSONata) of an
// ItemReader or ResultWriter.
func (p *parser) readerParams(obj map[string]any, ptr string, ql QueryLanguage) *Expr {
	p.checkQueryLanguageFields(obj, ptr, ql, []string{"Parameters"}, []string{"Arguments"})
	if ql == JSONPath {
		return p.expr(obj, "Parameters", ptr, ql)
	}
	return p.expr(obj, "Arguments", ptr, ql)
}
